using System.CommandLine;

namespace TlsRecordingRelay.Cli;

/// <summary>The <c>tlsrelay</c> verbs (DESIGN.md "Contracts"). Anything after a verb that is not one of its
/// options is configuration (<c>--Smtp:Port=2525</c>), as with every .NET host.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["run", "migrate", "analyze", "report", "hash-password", "help", "--help", "-h", "-?", "--version"];

    public static async Task<int> InvokeAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !Verbs.Contains(args[0], StringComparer.Ordinal))
        {
            args = ["run", .. args]; // `run` is the default verb
        }

        var root = new RootCommand("TlsRecordingRelay: an SMTP relay that records, per message, whether mail travelled encrypted.");

        var run = new Command("run", "Run the relay: SMTP listeners and storage (the default verb).") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction((result, cancellationToken) => Fatal.GuardAsync(() => RelayHost.RunAsync([.. result.UnmatchedTokens], cancellationToken)));
        root.Subcommands.Add(run);

        var migrate = new Command("migrate", "Apply the sql/ migrations to the configured database and exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((result, cancellationToken) => Fatal.GuardAsync(() => RelayHost.MigrateAsync([.. result.UnmatchedTokens], cancellationToken)));
        root.Subcommands.Add(migrate);

        var json = new Option<bool>("--json") { Description = "Print the JSON document of DESIGN.md (JSON Lines for several files)" };
        var files = new Argument<string[]>("file") { Description = "RFC 5322 messages or header blocks (stdin when none)", Arity = ArgumentArity.ZeroOrMore };
        var analyze = new Command("analyze", "Analyze the Received chain of a message: each hop's TLS and judgement.") { json, files };
        analyze.SetAction((result, cancellationToken) =>
            AnalyzeVerb.RunAsync(result.GetValue(json), result.GetValue(files) ?? [], Console.In, Console.Out, Console.Error, cancellationToken));
        root.Subcommands.Add(analyze);

        var reportJson = new Option<bool>("--json") { Description = "Print the report document of DESIGN.md" };
        var reportId = new Argument<string>("message-id") { Description = "Message-ID (with or without <>) or queue id" };
        var report = new Command("report", "Print the delivery report(s) of a message: hops, acceptance, each recipient's delivery.")
        {
            reportJson, reportId,
        };
        report.TreatUnmatchedTokensAsErrors = false;
        report.SetAction((result, cancellationToken) => Fatal.GuardAsync(() => ReportVerb.RunAsync(
            result.GetValue(reportId)!, result.GetValue(reportJson), [.. result.UnmatchedTokens], Console.Out, Console.Error, cancellationToken)));
        root.Subcommands.Add(report);

        var password = new Argument<string>("password") { Description = "The password to hash (prompted when omitted)", Arity = ArgumentArity.ZeroOrOne };
        var hash = new Command("hash-password", "Print the PBKDF2 hash of a password for Smtp:Users.") { password };
        hash.SetAction(result => HashPasswordVerb.Run(result.GetValue(password), Console.In, Console.Out));
        root.Subcommands.Add(hash);

        var parse = root.Parse(args);
        // The Generic Host handles SIGTERM/Ctrl+C itself and drains; System.CommandLine's own handler would
        // cut the drain after two seconds.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
