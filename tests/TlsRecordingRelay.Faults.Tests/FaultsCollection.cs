namespace TlsRecordingRelay.Faults.Tests;

/// <summary>One PostgreSQL server for the fault tests that do not stop it; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "faults";
}
