using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Reports;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Cli;

/// <summary>
/// The terminal layout of <c>tlsrelay report</c>: the hop chain newest first with a mark per judgement, our own
/// acceptance, each recipient's delivery. Every stored value is escaped: HELO names and Received lines are
/// attacker-controlled and must not become Spectre markup.
/// </summary>
public static class ReportRenderer
{
    public static void Render(IReadOnlyList<DeliveryReport> reports, IReadOnlyList<MilterReport> milterReports, TextWriter output, bool plain)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(milterReports);
        ArgumentNullException.ThrowIfNull(output);
        var noColor = plain || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = noColor ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (plain)
        {
            console.Profile.Width = 200; // a pipe has no width; do not wrap tables at 80 columns
        }

        foreach (var report in reports)
        {
            RenderOne(console, report);
        }

        foreach (var report in milterReports)
        {
            RenderMilter(console, report);
        }
    }

    private static void RenderMilter(IAnsiConsole console, MilterReport report)
    {
        console.Write(new Rule($"[bold]{E(report.MessageId ?? "(no Message-ID)")}[/] (seen by the milter)").LeftJustified());
        console.MarkupLine(
            $"MTA {E(report.MtaHostname ?? "?")} queue id [bold]{E(report.MtaQueueId ?? "?")}[/], received {E(Time(report.ReceivedAtUtc))}, from <{E(report.MailFrom)}>");
        var hops = ReportHopReader.Read(report.HopsJson);
        console.MarkupLine($"verdict: {Judgement(report.Verdict)}{PlaintextHop(hops)}");
        console.WriteLine();
        console.Write(HopTable(hops));
        console.MarkupLine(
            $"MTA accepted it from [bold]{E(report.Client.Ip)}[/] (HELO {E(report.Client.Helo ?? "-")}) with {E(report.WithProtocol)}, " +
            $"TLS {E(Tls(report.Tls))}, AUTH {E(report.AuthenticatedUser ?? "none")}; we answered [bold]{E(report.Action)}[/]" +
            (report.AddedHeader is null ? string.Empty : $" and added {E(report.AddedHeader)}"));
        console.MarkupLine($"recipients (the MTA delivers): {E(string.Join(", ", report.Recipients))}");
        console.WriteLine();
    }

    private static void RenderOne(IAnsiConsole console, DeliveryReport report)
    {
        console.Write(new Rule($"[bold]{E(report.MessageId ?? "(no Message-ID)")}[/]").LeftJustified());
        console.MarkupLine(
            $"queue id [bold]{E(report.QueueId)}[/], received {E(Time(report.ReceivedAtUtc))}, from <{E(report.MailFrom)}>, {report.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        console.MarkupLine($"verdict: {Judgement(report.Verdict ?? "unknown")}{PlaintextHop(report.Hops)}");
        console.WriteLine();

        console.Write(HopTable(report.Hops));

        var client = report.Client;
        console.MarkupLine(
            $"accepted from [bold]{E(client.Ip)}[/] (HELO {E(client.Helo ?? "-")}, rDNS {E(client.Rdns ?? "-")}) with {E(report.WithProtocol)}, " +
            $"TLS {E(Tls(report.Tls))}{(report.Sni is null ? string.Empty : ", SNI " + E(report.Sni))}, AUTH {E(report.AuthenticatedUser ?? "none")}");
        console.WriteLine();

        var recipients = new Table().Border(TableBorder.Rounded).Title("recipients");
        recipients.AddColumns("recipient", "status", "policy", "attempts", "last attempt", "TLS", "verified", "reply / error");
        foreach (var recipient in report.Recipients)
        {
            var attempt = recipient.LastAttempt;
            recipients.AddRow(
                Cell(recipient.Address),
                new Markup(Status(recipient.Status)),
                Cell(recipient.Policy ?? "-"),
                Cell(recipient.Attempts.ToString(CultureInfo.InvariantCulture)),
                Cell(attempt is null ? "-" : $"{Time(attempt.AtUtc)} {attempt.Host ?? "?"} [{attempt.Ip ?? "?"}]"),
                Cell(attempt is null ? "-" : Tls(attempt.Tls)),
                Cell(attempt?.CertificateVerified switch { true => "yes", false => "no" + (attempt.CertificateError is null ? string.Empty : ": " + attempt.CertificateError), null => "-" }),
                Cell(attempt is null ? "-" : attempt.Reply ?? attempt.Error ?? attempt.TlsError ?? "-"));
        }

        console.Write(recipients);
        console.WriteLine();
    }

    private static Table HopTable(IReadOnlyList<ReportHop> hops)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("hops, newest first (* = observed by us)");
        table.AddColumns("hop", "", "from → by", "with", "TLS", "judgement", "reason");
        foreach (var hop in hops)
        {
            table.AddRow(
                Cell(hop.Index.ToString(CultureInfo.InvariantCulture) + (hop.Observed ? "*" : string.Empty)),
                new Markup(Mark(hop.Security)),
                Cell(hop.Parsed ? $"{Name(hop.From)} → {hop.By ?? "?"}" : "(unparsed)"),
                Cell(hop.With ?? "-"),
                Cell(Tls(hop.Tls)),
                new Markup(Judgement(hop.Security)),
                Cell(hop.Reason));
        }

        return table;
    }

    private static string PlaintextHop(IReadOnlyList<ReportHop> hops) =>
        hops.FirstOrDefault(h => h.Security == "plaintext") is { } hop
            ? E($" — hop {hop.Index.ToString(CultureInfo.InvariantCulture)} {Name(hop.From)} → {hop.By ?? "?"} carried it in plaintext")
            : string.Empty;

    private static IRenderable Cell(string text) => new Text(text);

    private static string E(string text) => Markup.Escape(text);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Name(ReportHopEndpoint from) =>
        from.Rdns ?? from.Helo ?? from.Ip ?? "?";

    private static string Tls(TlsDetails? tls) => tls is null
        ? "none"
        : string.Join(' ', new[] { tls.Version ?? tls.VersionRaw ?? "TLS", tls.Cipher, tls.Bits is { } bits ? bits.ToString(CultureInfo.InvariantCulture) + " bits" : null }
            .Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>Lock, open lock, house, question mark: the four judgements at a glance.</summary>
    private static string Mark(string security) => security switch
    {
        "encrypted" => "[green]🔒[/]",
        "plaintext" => "[red]🔓[/]",
        "internal" => "[blue]⌂[/]",
        _ => "[yellow]?[/]",
    };

    private static string Judgement(string security) => security switch
    {
        "encrypted" => "[green]encrypted[/]",
        "plaintext" => "[bold red]plaintext[/]",
        "internal" => "[blue]internal[/]",
        _ => "[yellow]" + E(security) + "[/]",
    };

    private static string Status(string status) => status switch
    {
        "delivered" => "[green]delivered[/]",
        "bounced" => "[red]bounced[/]",
        "deferred" => "[yellow]deferred[/]",
        _ => E(status),
    };
}
