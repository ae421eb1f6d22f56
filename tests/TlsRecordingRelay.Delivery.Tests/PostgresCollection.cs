using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>One PostgreSQL server for the delivery tests; each test creates its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
