using Microsoft.Extensions.Logging;
using Npgsql;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Reports;
using TlsRecordingRelay.Storage;
using TlsRecordingRelay.Storage.Reports;

namespace TlsRecordingRelay.Cli;

/// <summary>
/// <c>tlsrelay report &lt;message-id&gt; [--json]</c>: every stored report with that Message-ID (with or without
/// <c>&lt;&gt;</c>), else the message with that queue id; newest first. Unknown id: exit 1 with one line on stderr.
/// </summary>
public static class ReportVerb
{
    public static async Task<int> RunAsync(string id, bool json, string[] configurationArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var configuration = RelayHost.BuildConfiguration(configurationArgs);
        using var loggers = RelayHost.CreateLoggerFactory(configuration);
        // The same database as `run`: with the embedded default, the server a running relay started (or it is started).
        await using var database = await Database.OpenAsync(configuration, loggers, cancellationToken);
        var reader = new ReportRepository(database.DataSource);
        IReadOnlyList<DeliveryReport> reports;
        IReadOnlyList<MilterReport> milterReports;
        try
        {
            reports = await FindAsync(reader, id, cancellationToken);
            milterReports = await reader.FindMilterReportsAsync(id, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            await stderr.WriteLineAsync("report: the database holds no reports yet (run `tlsrelay migrate` or start the relay once)".AsMemory(), cancellationToken);
            return 1;
        }

        if (reports.Count == 0 && milterReports.Count == 0)
        {
            await stderr.WriteLineAsync($"report: no message with Message-ID or queue id {Printable(id)}".AsMemory(), cancellationToken);
            return 1;
        }

        if (json)
        {
            await stdout.WriteLineAsync(ReportJson.Serialize(reports, milterReports).AsMemory(), cancellationToken);
        }
        else
        {
            ReportRenderer.Render(reports, milterReports, stdout, plain: Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out));
        }

        return 0;
    }

    /// <summary>Message-ID first; a queue id only when no Message-ID matches (a queue id never contains '@').</summary>
    public static async Task<IReadOnlyList<DeliveryReport>> FindAsync(IReportReader reader, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var byMessageId = await reader.FindByMessageIdAsync(id, cancellationToken);
        return byMessageId.Count > 0 ? byMessageId : await reader.FindByQueueIdAsync(id, cancellationToken);
    }

    /// <summary>The id as typed, bounded and without control characters, for the one-line error.</summary>
    private static string Printable(string id)
    {
        var text = new string([.. id.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
        return id.Length > 200 ? text + "…" : text;
    }
}
