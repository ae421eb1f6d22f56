using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

/// <summary>One PostgreSQL server for the whole test run; each test class creates its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
