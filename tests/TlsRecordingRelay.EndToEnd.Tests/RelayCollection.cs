using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>One PostgreSQL server for the end-to-end classes; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class RelayCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "relay";
}
