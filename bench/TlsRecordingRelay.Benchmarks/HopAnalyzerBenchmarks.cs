using BenchmarkDotNet.Attributes;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Benchmarks;

/// <summary>
/// Hops per second on one core. Each benchmark analyses the whole mixed set once, and OperationsPerInvoke is the
/// number of hops in it, so the reported "Mean" is the time per hop: hops/s = 1e9 / Mean(ns).
/// </summary>
[MemoryDiagnoser]
[IterationTime(250)] // BenchmarkDotNet warns below 100 ms per iteration; the set takes ~0.2 ms.
public class HopAnalyzerBenchmarks
{
    // The set is fixed (fixtures + seed); the constructor check below keeps this number honest.
    private const int Hops = 69;

    private readonly IReadOnlyList<string> _blocks = MixedHeaders.Load();
    private readonly HopAnalyzer _analyzer = HopAnalyzer.Default;

    public HopAnalyzerBenchmarks()
    {
        var hops = _blocks.Sum(b => _analyzer.Analyze(b).Hops.Count);
        if (hops != Hops)
        {
            throw new InvalidOperationException($"The mixed set has {hops} hops; set HopAnalyzerBenchmarks.Hops to it.");
        }
    }

    [Benchmark(OperationsPerInvoke = Hops, Description = "Analyze (per hop)")]
    public int Analyze()
    {
        var verdicts = 0;
        foreach (var block in _blocks)
        {
            verdicts += _analyzer.Analyze(block).Hops.Count;
        }

        return verdicts;
    }

    [Benchmark(OperationsPerInvoke = Hops, Description = "Analyze + contract JSON (per hop)")]
    public int AnalyzeAndSerialize()
    {
        var length = 0;
        foreach (var block in _blocks)
        {
            length += HopJson.Serialize(_analyzer.Analyze(block)).Length;
        }

        return length;
    }
}
