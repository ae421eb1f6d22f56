using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Writes the contract JSON of DESIGN.md "Contracts" (<c>analyze --json</c>) by hand, field by field, so the shape
/// cannot drift with a serializer's settings. Additions to the contract: <c>verdictReason</c>,
/// <c>plaintextHop</c> on the chain, and <c>observed</c>, <c>parsed</c> on each hop.
/// </summary>
public static class HopJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The <c>analyze --json</c> object, on one line.</summary>
    public static string Serialize(ChainAnalysis analysis) => Serialize(analysis, indented: false);

    public static string Serialize(ChainAnalysis analysis, bool indented, string? file = null) =>
        Write(indented ? Indented : Compact, writer => WriteAnalysis(writer, analysis, file));

    /// <summary>The <c>hops</c> array alone (what a report row stores).</summary>
    public static string SerializeHops(IReadOnlyList<Hop> hops) => Write(Compact, writer => WriteHops(writer, hops));

    /// <summary>Writes the analysis object; <paramref name="file"/> adds a leading <c>"file"</c> (JSON Lines over several files).</summary>
    public static void WriteAnalysis(Utf8JsonWriter writer, ChainAnalysis analysis, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(analysis);
        writer.WriteStartObject();
        if (file is not null)
        {
            WriteText(writer, "file", file);
        }

        WriteText(writer, "verdict", analysis.Verdict);
        WriteText(writer, "verdictReason", analysis.VerdictReason);
        WriteNullableNumber(writer, "plaintextHop", analysis.PlaintextHopIndex);
        writer.WritePropertyName("hops");
        WriteHops(writer, analysis.Hops);
        writer.WriteEndObject();
    }

    public static void WriteHops(Utf8JsonWriter writer, IReadOnlyList<Hop> hops)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(hops);
        writer.WriteStartArray();
        foreach (var hop in hops)
        {
            WriteHop(writer, hop);
        }

        writer.WriteEndArray();
    }

    private static void WriteHop(Utf8JsonWriter writer, Hop hop)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", hop.Index);
        writer.WriteStartObject("from");
        WriteText(writer, "helo", hop.From.Helo);
        WriteText(writer, "rdns", hop.From.Rdns);
        WriteText(writer, "ip", hop.From.Ip);
        writer.WriteEndObject();
        WriteText(writer, "by", hop.By);
        WriteText(writer, "via", hop.Via);
        WriteText(writer, "with", hop.With);
        WriteText(writer, "id", hop.Id);
        WriteText(writer, "for", hop.For);
        WriteText(writer, "date", hop.Date is { } date ? FormatDate(date) : null);
        WriteTls(writer, hop.Tls);
        WriteText(writer, "stampedBy", hop.StampedBy);
        WriteText(writer, "security", hop.Security);
        WriteText(writer, "reason", hop.Reason);
        if (hop.DelaySeconds is { } delay)
        {
            writer.WriteNumber("delaySeconds", delay);
        }
        else
        {
            writer.WriteNull("delaySeconds");
        }

        writer.WriteBoolean("observed", hop.Observed);
        writer.WriteBoolean("parsed", hop.Parsed);
        writer.WriteEndObject();
    }

    /// <summary>The contract's <c>tls</c> object, shared with the report's inbound and delivery sections.</summary>
    public static void WriteTls(Utf8JsonWriter writer, TlsDetails? tls, string propertyName = "tls")
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (tls is null)
        {
            writer.WriteNull(propertyName);
            return;
        }

        writer.WriteStartObject(propertyName);
        WriteText(writer, "version", tls.Version);
        WriteText(writer, "versionRaw", tls.VersionRaw);
        WriteText(writer, "cipher", tls.Cipher);
        WriteNullableNumber(writer, "bits", tls.Bits);
        WriteText(writer, "verify", tls.Verify);
        writer.WriteEndObject();
    }

    /// <summary>UTC, second precision: <c>2019-08-19T14:41:21Z</c>.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteText(Utf8JsonWriter writer, string name, string? value) =>
        writer.WriteString(name, WellFormed(value));

    /// <summary>Replaces lone UTF-16 surrogates with U+FFFD: Utf8JsonWriter refuses them, and input is arbitrary.</summary>
    internal static string? WellFormed(string? value)
    {
        if (value is null || !value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static void WriteNullableNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> body)
    {
        // One buffer and writer per thread and layout, reset between documents: serialising is on the hot path of
        // acceptance (the report row) and of analyze over many files.
        var cache = options.Indented ? t_indented ??= new WriterCache(options) : t_compact ??= new WriterCache(options);
        cache.Buffer.ResetWrittenCount();
        cache.Writer.Reset(cache.Buffer);
        body(cache.Writer);
        cache.Writer.Flush();
        var json = Encoding.UTF8.GetString(cache.Buffer.WrittenSpan);
        if (cache.Buffer.Capacity > MaxCachedBuffer)
        {
            // Do not keep a huge buffer alive after one pathological message.
            if (options.Indented)
            {
                t_indented = null;
            }
            else
            {
                t_compact = null;
            }
        }

        return json;
    }

    private const int MaxCachedBuffer = 1 << 20;

    [ThreadStatic]
    private static WriterCache? t_compact;

    [ThreadStatic]
    private static WriterCache? t_indented;

    private sealed class WriterCache(JsonWriterOptions options)
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null, options);
    }
}
