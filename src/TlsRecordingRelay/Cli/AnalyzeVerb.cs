using System.Text;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Cli;

/// <summary>
/// <c>tlsrelay analyze [--json] [FILE…]</c>: the hop analysis of a message or header block (DESIGN.md "Contracts").
/// A readable table by default; the contract JSON with --json; JSON Lines with a "file" field for several files.
/// </summary>
public static class AnalyzeVerb
{
    public static async Task<int> RunAsync(
        bool json,
        IReadOnlyList<string> files,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (files.Count == 0)
        {
            var analysis = HopAnalyzer.Default.Analyze(await ReadHeaderBlockAsync(stdin, cancellationToken));
            await WriteAsync(json, analysis, file: null, stdout, cancellationToken);
            return 0;
        }

        var exitCode = 0;
        var several = files.Count > 1;
        foreach (var file in files)
        {
            string headerBlock;
            try
            {
                using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                headerBlock = await ReadHeaderBlockAsync(reader, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await stderr.WriteLineAsync($"analyze: cannot read {file}: {e.Message}".AsMemory(), cancellationToken);
                exitCode = 1;
                continue;
            }

            var analysis = HopAnalyzer.Default.Analyze(headerBlock);
            if (several && !json)
            {
                await stdout.WriteLineAsync($"==> {file} <==".AsMemory(), cancellationToken);
            }

            await WriteAsync(json, analysis, several ? file : null, stdout, cancellationToken);
        }

        return exitCode;
    }

    /// <summary>Reads up to the first empty line (RFC 5322 §2.1): the body is never needed, and may be large.</summary>
    private static async Task<string> ReadHeaderBlockAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var started = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && started)
            {
                break;
            }

            started |= line.Length > 0;
            builder.Append(line).Append("\r\n");
        }

        return builder.ToString();
    }

    private static async Task WriteAsync(bool json, ChainAnalysis analysis, string? file, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (json)
        {
            // One file: one indented object. Several: JSON Lines, one compact object per file, "file" first.
            await stdout.WriteLineAsync(HopJson.Serialize(analysis, indented: file is null, file).AsMemory(), cancellationToken);
            return;
        }

        await stdout.WriteAsync(HopTable.Render(analysis).AsMemory(), cancellationToken);
    }
}
