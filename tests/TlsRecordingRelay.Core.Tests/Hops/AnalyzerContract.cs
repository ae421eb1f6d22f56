using System.Text;
using System.Text.Json;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>
/// The hop analyzer's contract on any input (DESIGN.md "Hop analysis": garbage in → an unparsed hop, never an
/// exception), checked by the property tests, the fuzz corpus test and the SharpFuzz harness (fuzz/, which links
/// this file): a broken promise throws, so the fuzzer records the input as a crash.
/// </summary>
internal static class AnalyzerContract
{
    private static readonly string[] HopJudgements = [HopSecurity.Encrypted, HopSecurity.Plaintext, HopSecurity.Unknown, HopSecurity.Internal];

    /// <summary>An operator's view (the documentation ranges the fixtures and the fuzz dictionary use), so internal hops are reached too.</summary>
    private static readonly HopAnalyzer Trusting = new(new HopAnalyzerSettings
    {
        TrustedNetworks = ["192.0.2.0/24", "10.0.0.0/8", "127.0.0.1", "2001:db8::/32"],
        TrustedHosts = [".example.net", ".example.org", "mx.google.com"],
    });

    /// <summary>
    /// Checks raw bytes both ways the relay turns them into text: Latin-1 for accepted mail (every byte one char,
    /// controls included: Acceptance/HeaderBlock), UTF-8 for the analyze verb (non-ASCII, replacement characters).
    /// The observed hop count comes from the length, so the fuzzer varies it too; the UTF-8 text goes through an
    /// analyzer that trusts networks and hosts (for ASCII input: the same text, judged by both analyzers).
    /// </summary>
    public static (ChainAnalysis Latin1, ChainAnalysis Utf8) Check(ReadOnlySpan<byte> input)
    {
        var observedHops = input.Length % 3;
        return (Check(Encoding.Latin1.GetString(input), observedHops), Check(Encoding.UTF8.GetString(input), observedHops, Trusting));
    }

    /// <summary>Analyzes <paramref name="headerBlock"/> and throws <see cref="InvalidOperationException"/> naming the broken promise.</summary>
    public static ChainAnalysis Check(string headerBlock, int observedHops, HopAnalyzer? analyzer = null)
    {
        var fields = ReceivedFieldReader.Read(headerBlock);

        // The analyzer's safety net turns a parser exception into an unparsed hop, silently: call the parser
        // without the net, so a bug it would hide still counts.
        foreach (var field in fields)
        {
            _ = ReceivedLineParser.Parse(field);
        }

        var analysis = (analyzer ?? HopAnalyzer.Default).Analyze(headerBlock, observedHops);
        var hops = analysis.Hops;

        // One hop per Received field; and, independently of the field reader, never more hops than field names.
        Require(hops.Count == fields.Count, $"{hops.Count} hops for {fields.Count} Received fields");
        Require(hops.Count <= CountOccurrences(headerBlock, "Received"), $"{hops.Count} hops but fewer 'Received' names in the input");

        int? firstPlaintext = null;
        var between = 0;
        var encrypted = 0;
        for (var i = 0; i < hops.Count; i++)
        {
            var hop = hops[i];
            Require(hop.Index == i, $"hop {i} has index {hop.Index}");
            Require(HopJudgements.Contains(hop.Security), $"hop {i} is judged '{hop.Security}'");
            Require(!hop.Reason.StartsWith(HopAnalyzer.AnalyzerErrorReason, StringComparison.Ordinal), $"hop {i} hit the safety net: {hop.Reason}");
            Require(hop.Observed == i < observedHops, $"hop {i} observed={hop.Observed} with {observedHops} observed hop(s)");
            Require(hop.Raw is not null && hop.Reason.Length > 0, $"hop {i} lacks its raw text or reason");
            if (hop.Security == HopSecurity.Internal)
            {
                continue;
            }

            between++;
            encrypted += hop.Security == HopSecurity.Encrypted ? 1 : 0;
            firstPlaintext ??= hop.Security == HopSecurity.Plaintext ? i : null;
        }

        // The verdict follows from the hops (DESIGN.md): plaintext names the newest plaintext hop between
        // organisations, encrypted needs every such hop encrypted (and at least one), anything else is unknown.
        var expected = firstPlaintext is not null ? HopSecurity.Plaintext
            : between > 0 && encrypted == between ? HopSecurity.Encrypted
            : HopSecurity.Unknown;
        Require(analysis.Verdict == expected, $"verdict '{analysis.Verdict}', the hops say '{expected}'");
        Require(analysis.PlaintextHopIndex == firstPlaintext, $"plaintext hop {analysis.PlaintextHopIndex}, the hops say {firstPlaintext}");
        Require(analysis.VerdictReason.Length > 0, "the verdict has no reason");

        // The contract document always serialises to JSON that parses back with every hop.
        using var document = JsonDocument.Parse(HopJson.Serialize(analysis));
        Require(document.RootElement.GetProperty("hops").GetArrayLength() == hops.Count, "the JSON lost hops");
        return analysis;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    private static void Require(bool condition, string brokenPromise)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Hop analyzer contract broken: " + brokenPromise);
        }
    }
}
