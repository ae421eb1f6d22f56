using System.Text;
using CsCheck;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>
/// Totality and linear time (issue 3, "Robustness"): random, token-soup and mutated headers never throw, never
/// reach the analyzer's safety net, and always serialise; adversarial inputs grow in time with their size only.
/// </summary>
public sealed class RobustnessTests
{
    private const string Alphabet = "Received: ()[]<>\";\r\n\t =@.-_/\\,aAbBfFrRoOmMyYiIdDtTlLsSvVeE0123456789+x\u00e9\uD800";

    private static readonly string[] Fragments =
    [
        "Received:", "Received: ", "from ", "by ", "with ", "via ", "id ", "for ", "tls ", "ESMTPS ", "esmtp ", "LMTP ", "local ",
        "(", ")", "[", "]", "<", ">", "\"", "\\", ";", ",", " ", "\t", "\r\n", "\r\n\t", "\n", "\r\n\r\n",
        "[192.0.2.1]", "[IPv6:2001:db8::1]", "::ffff:", "127.0.0.1", "10.0.0.1", ":25", "helo=", "HELO ", "EHLO ", "claiming to be ",
        "version=TLSv1.2", "version=", "cipher=", "bits=256/256", "bits=", "verify=OK", "(using TLSv1.3 with cipher ", "(256/256 bits)",
        "TLS1_3", "TLSv1/SSLv3", "TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", ":256:NO", " encrypted", "TLS: ",
        "ESMTP/TLS/", "over TLS secured channel ", "(Postfix)", "(Exim 4.96)", "(8.14.4/8.13.8)", "Microsoft SMTP Server ", "(TLS)",
        "(Google Transport Security)", "(from mail@localhost)", "(qmail 1 invoked by uid 89)", "from userid 1000", "mx.google.com ",
        "dispatch1-us1.ppe-hosted.com ", "a.example.co.uk ", "xn--85x722f.xn--55qx5d.cn", "*.ck", "unknown ",
        "Mon, 19 Aug 2019 10:41:21 -0400", "19 Aug 19 10:41 PDT", "31 Feb 2024 25:61:61 +9999", "Fri Jan 12 09:41:19 2024", "-0000", "(MDT)",
    ];

    private static readonly Gen<string> RandomText =
        Gen.Char[Alphabet].Array[0, 400].Select(chars => new string(chars));

    private static readonly Gen<string> TokenSoup =
        Gen.OneOf(Fragments).Array[0, 60].Select(parts => string.Concat(parts));

    [Fact]
    public void Random_text_never_throws_and_always_serialises() =>
        RandomText.Sample(text => Check("Received: " + text), iter: 40_000);

    [Fact]
    public void Token_soup_never_throws_and_always_serialises() =>
        TokenSoup.Sample(Check, iter: 40_000);

    [Fact]
    public void Mutated_fixture_headers_never_throw_and_always_serialise()
    {
        var sources = ReceivedFixture.Files().SelectMany(ReceivedFixture.Load).Select(f => f.Headers).Append(SeedExampleTests.HeaderBlock).ToArray();
        var mutation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, 40], Gen.Char[Alphabet]);
        var gen = Gen.Select(Gen.Int[0, sources.Length - 1], mutation.Array[1, 8]);
        gen.Sample((source, mutations) => Check(Mutate(sources[source], mutations)), iter: 40_000);
    }

    [Theory]
    [InlineData('(')]
    [InlineData(')')]
    [InlineData('[')]
    [InlineData('<')]
    [InlineData('"')]
    [InlineData('\\')]
    [InlineData(';')]
    [InlineData(' ')]
    public void A_megabyte_of_one_character_is_one_unparsed_hop(char c)
    {
        var analysis = HopAnalyzer.Default.Analyze("Received: " + new string(c, 1 << 20));
        var hop = Assert.Single(analysis.Hops);
        Assert.False(hop.Parsed);
        Assert.NotNull(HopJson.Serialize(analysis));
    }

    private static string Mutate(string source, (int Op, int Position, int Length, char Char)[] mutations)
    {
        var text = new StringBuilder(source);
        foreach (var (op, position, length, c) in mutations)
        {
            var at = text.Length == 0 ? 0 : position % text.Length;
            var span = Math.Min(length, text.Length - at);
            switch (op)
            {
                case 0:
                    text.Remove(at, span);
                    break;
                case 1:
                    text.Insert(at, new string(c, 1 + (length % 4)));
                    break;
                case 2:
                    text.Insert(at, text.ToString(at, span));
                    break;
                default:
                    if (span > 0)
                    {
                        text[at] = c;
                    }

                    break;
            }
        }

        return text.ToString();
    }

    // The whole contract (AnalyzerContract) throws on any broken promise, which fails the sample with its input.
    private static void Check(string headerBlock) => AnalyzerContract.Check(headerBlock, observedHops: headerBlock.Length % 3);
}
