using BenchmarkDotNet.Running;

namespace TlsRecordingRelay.Benchmarks;

internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
