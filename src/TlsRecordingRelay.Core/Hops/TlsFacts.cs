using System.Collections.Concurrent;
using System.Globalization;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>Accumulates TLS facts from the several places one line may record them; the first value seen wins.</summary>
internal sealed class TlsFacts
{
    // Every form name is a constant of the readers, so the reasons built from one or two of them are few: build
    // each once. (Were a form ever made from input text, this cache would have to go.)
    private static readonly ConcurrentDictionary<(string First, string? Second), string> Reasons = new();

    // Most lines record one form; the list is only made for a second.
    private string? _firstForm;
    private List<string>? _moreForms;
    private string? _versionRaw;
    private string? _cipher;
    private int? _bits;
    private string? _verify;
    private string? _verifyHint;

    public bool Found => _firstForm is not null;

    public void Add(string form, string? versionRaw = null, string? cipher = null, int? bits = null, string? verify = null)
    {
        if (_firstForm is null)
        {
            _firstForm = form;
        }
        else if (form != _firstForm && !(_moreForms?.Contains(form) ?? false))
        {
            (_moreForms ??= new List<string>(2)).Add(form);
        }

        _versionRaw ??= Blank(versionRaw);
        _cipher ??= Blank(cipher);
        _bits ??= bits is > 0 ? bits : null;
        _verify ??= Blank(verify)?.ToUpperInvariant();
    }

    /// <summary>A client-certificate remark (Postfix) that only means something next to other TLS evidence.</summary>
    public void HintVerify(string verify) => _verifyHint ??= verify;

    public TlsEvidence? Build()
    {
        if (!Found)
        {
            return null;
        }

        var version = _versionRaw is null ? null : TlsVersionName.Normalize(_versionRaw);
        var bits = _bits ?? InferBits(_cipher);
        var reason = _moreForms is null or { Count: 1 }
            ? Reasons.GetOrAdd((_firstForm!, _moreForms?[0]), static key => "TLS recorded: " + key.First + (key.Second is null ? string.Empty : ", " + key.Second))
            : "TLS recorded: " + _firstForm + ", " + string.Join(", ", _moreForms);
        return new TlsEvidence(new TlsDetails(version, _versionRaw, _cipher, bits, _verify ?? _verifyHint), reason);
    }

    /// <summary>The first decimal number in the text: "256", "256/256", "256bits", "(256/256 bits)".</summary>
    public static int? ParseBits(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && !char.IsAsciiDigit(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]) && end - start < 5)
        {
            end++;
        }

        return end > start && int.TryParse(text[start..end], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits > 0
            ? bits
            : null;
    }

    /// <summary>Key size from the cipher's name when the line omits it: IANA names, then OpenSSL's (AES256-GCM-SHA384).</summary>
    private static int? InferBits(string? cipher)
    {
        if (cipher is null)
        {
            return null;
        }

        if (CipherSuiteStrength.Bits(cipher.ToUpperInvariant()) is { } bits)
        {
            return bits;
        }

        if (cipher.Contains("AES256", StringComparison.OrdinalIgnoreCase) || cipher.Contains("CHACHA20", StringComparison.OrdinalIgnoreCase)
            || cipher.Contains("CAMELLIA256", StringComparison.OrdinalIgnoreCase))
        {
            return 256;
        }

        return cipher.Contains("AES128", StringComparison.OrdinalIgnoreCase) || cipher.Contains("CAMELLIA128", StringComparison.OrdinalIgnoreCase)
            ? 128
            : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
