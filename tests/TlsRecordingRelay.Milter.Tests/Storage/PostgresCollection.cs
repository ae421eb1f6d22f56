using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Milter.Tests.Storage;

/// <summary>One PostgreSQL server for the run; each test class creates its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL (milter)";
}
