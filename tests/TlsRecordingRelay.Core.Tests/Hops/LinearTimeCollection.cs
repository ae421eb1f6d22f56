namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>Runs the size-scaling tests after the parallel ones, with nothing else on the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LinearTimeCollection
{
    public const string Name = "Linear time";
}
