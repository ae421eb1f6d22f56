using System.CommandLine;
using TlsRecordingRelay.LoadTest;

var sessions = new Option<int>("--sessions") { Description = "Concurrent SMTP sessions", DefaultValueFactory = _ => 20 };
var msgs = new Option<int>("--msgs") { Description = "Messages in the measured part", DefaultValueFactory = _ => 2000 };
var size = new Option<int>("--size") { Description = "Message size in bytes", DefaultValueFactory = _ => 4096 };
var perConn = new Option<int>("--per-conn") { Description = "Messages per connection", DefaultValueFactory = _ => 1 };
var plain = new Option<bool>("--plain") { Description = "Plain SMTP instead of STARTTLS on every connection" };
var warmup = new Option<int>("--warmup") { Description = "Messages sent and delivered before measuring", DefaultValueFactory = _ => 2000 };
var timeout = new Option<int>("--timeout") { Description = "Bound of the measured part, seconds", DefaultValueFactory = _ => 120 };
var port = new Option<int>("--relay-port") { Description = "The relay's SMTP port (10040-10049 here)", DefaultValueFactory = _ => 10040 };
var attach = new Option<bool>("--attach") { Description = "Drive the relay already listening on --relay-port instead of starting tlsrelay" };
var pid = new Option<int?>("--relay-pid") { Description = "With --attach: the relay's PID, for its RSS and CPU" };
var exe = new Option<string?>("--relay-exe") { Description = "The tlsrelay executable (default: the one built beside this tool)" };
var db = new Option<string?>("--connection-string") { Description = "PostgreSQL for the started relay (default: its embedded cluster, fresh per run)" };
var cert = new Option<string?>("--cert") { Description = "PEM certificate for the started relay (default: it generates one)" };
var key = new Option<string?>("--key") { Description = "PEM key for --cert" };
var set = new Option<string[]>("--set") { Description = "Extra relay configuration Key=Value (repeatable), e.g. --set Delivery:Workers=8", AllowMultipleArgumentsPerToken = false };
var sinkPort = new Option<int>("--sink-port") { Description = "Where the relay delivers; our counting sink listens there unless --sink-count-dir", DefaultValueFactory = _ => 10045 };
var sinkTls = new Option<bool>("--sink-starttls") { Description = "Our counting sink offers STARTTLS (outbound leg encrypted)" };
var sinkDir = new Option<string?>("--sink-count-dir") { Description = "Count at an external sink: one file per message in this directory (smtp-sink dump, Maildir new/)" };

var root = new RootCommand("Load benchmark for tlsrelay: N concurrent sessions -> relay -> sink; accepted and end-to-end msgs/s, latency, RSS, CPU.")
{
    sessions, msgs, size, perConn, plain, warmup, timeout, port, attach, pid, exe, db, cert, key, set, sinkPort, sinkTls, sinkDir,
};
root.SetAction((result, cancellationToken) => LoadRun.RunAsync(
    new LoadOptions
    {
        Sessions = result.GetValue(sessions),
        Messages = result.GetValue(msgs),
        Size = result.GetValue(size),
        PerConnection = Math.Max(1, result.GetValue(perConn)),
        StartTls = !result.GetValue(plain),
        Warmup = result.GetValue(warmup),
        Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
        RelayPort = result.GetValue(port),
        Attach = result.GetValue(attach),
        RelayPid = result.GetValue(pid),
        RelayExecutable = result.GetValue(exe),
        ConnectionString = result.GetValue(db),
        CertificatePath = result.GetValue(cert),
        CertificateKeyPath = result.GetValue(key) ?? result.GetValue(cert),
        RelaySettings = result.GetValue(set) ?? [],
        SinkPort = result.GetValue(sinkPort),
        SinkStartTls = result.GetValue(sinkTls),
        SinkCountDirectory = result.GetValue(sinkDir),
    },
    cancellationToken));
return await root.Parse(args).InvokeAsync();
