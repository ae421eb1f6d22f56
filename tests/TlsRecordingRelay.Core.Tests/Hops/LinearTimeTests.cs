using System.Text;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>
/// Linear time (issue 3, "Robustness"), shown by size scaling rather than wall-clock targets. These tests run
/// alone (see <see cref="LinearTimeCollection"/>): the fuzz tests' threads would otherwise skew the comparison.
/// </summary>
[Collection(LinearTimeCollection.Name)]
public sealed class LinearTimeTests
{
    public static TheoryData<string, string> Adversarial() => new()
    {
        { "open parentheses", "(" },
        { "nested comments", "((()))" },
        { "escaped parentheses", "\\(\\)(" },
        { "brackets and angles", "[<\"" },
        { "keywords", "from by with id for tls via " },
        { "comments with keys", "(version=TLSv1.2 cipher=x bits=1 verify=NO) (using TLS with cipher x (1/1 bits)) " },
        { "date-like words", "Mon, 19 Aug 2019 10:41:21 -0400 ; " },
        { "many fields", "x\r\nReceived: from a.b.example (c [192.0.2.1]) by d.example; Mon, 19 Aug 2019 10:41:21 -0400\r\n" },
        { "long host labels", "a." },
        { "addresses", "[IPv6:2001:db8::1]:25 192.0.2.1:25 " },
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Adversarial_input_takes_time_in_proportion_to_its_size(string name, string unit)
    {
        // Size scaling, not a wall-clock target: 1 MiB analysed once against 64 KiB analysed 16 times, the same
        // number of bytes. Linear code takes about as long both ways, quadratic 16 times longer; at most 4 times is
        // allowed, plus 50 ms of slack. Both sides last equally long, so on a loaded machine both are interrupted
        // alike (comparing one 64 KiB run with one 1 MiB run was not: the short run fits in a time slice, and the
        // long one got preempted into a false failure). The best of several runs keeps scheduling noise out.
        Assert.False(string.IsNullOrEmpty(name));
        var small = Best(Build(unit, 1 << 16), times: 16);
        var large = Best(Build(unit, 1 << 20), times: 1);
        Assert.True(large < (small * 4) + 50, $"{name}: 16 × 64 KiB took {small:F2} ms, 1 MiB took {large:F2} ms");
    }

    private static string Build(string unit, int size)
    {
        var builder = new StringBuilder("Received: ", size + unit.Length + 16);
        while (builder.Length < size)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }

    private static double Best(string input, int times)
    {
        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            // A collection first, so one run does not pay for the garbage of the previous one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < times; i++)
            {
                _ = HopJson.Serialize(HopAnalyzer.Default.Analyze(input));
            }

            best = Math.Min(best, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return best;
    }
}
