using SharpFuzz;
using TlsRecordingRelay.Core.Tests.Hops;

namespace TlsRecordingRelay.Fuzz;

/// <summary>
/// The fuzz target: one input, as bytes, through the hop analyzer and its contract (<see cref="AnalyzerContract"/>).
/// Under afl-fuzz (fuzz/run.sh) a thrown exception is a crash and a slow input a hang; with file arguments it
/// replays those files once each, to reproduce a finding.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            foreach (var path in args)
            {
                _ = AnalyzerContract.Check(File.ReadAllBytes(path));
                Console.WriteLine($"ok {path}");
            }

            return 0;
        }

        // Out of process: a stack overflow or a hang kills a child process, not the fork server, so afl-fuzz
        // records the input and goes on.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            _ = AnalyzerContract.Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }
}
