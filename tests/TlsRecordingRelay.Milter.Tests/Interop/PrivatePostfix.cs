using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace TlsRecordingRelay.Milter.Tests.Interop;

/// <summary>
/// A private Postfix instance on loopback (the shared/peers tls-sink layout: its own config, queue, log and one
/// Maildir under a temp directory; nothing in /etc touched), offering STARTTLS and calling our milter. Its SMTP
/// port is bound to 0 by Postfix's master and read back from <c>ss</c>, so parallel runs never collide.
/// </summary>
internal sealed partial class PrivatePostfix : IAsyncDisposable
{
    private const string Postfix = "/usr/sbin/postfix";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _base;

    private PrivatePostfix(string baseDirectory) => _base = baseDirectory;

    public int Port { get; private set; }

    public string LogPath => Path.Combine(_base, "maillog");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no maillog)";

    /// <summary>Why Postfix cannot run here, or null: binaries, root (Postfix's master needs it), ss, swaks.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Postfix))
        {
            return "Postfix is not installed (deploy/install-prerequisites.sh)";
        }

        if (Environment.UserName != "root")
        {
            return "a private Postfix instance needs root";
        }

        return FindTool("ss") is null ? "ss (iproute2) is not installed" : FindTool("swaks") is null ? "swaks is not installed" : null;
    }

    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Writes the instance and starts it; <paramref name="milterPort"/> is our milter on 127.0.0.1.</summary>
    public static async Task<PrivatePostfix> StartAsync(int milterPort)
    {
        // Short path: Postfix's private Unix sockets live under it.
        var dir = Directory.CreateTempSubdirectory("pfm-").FullName;
        var postfix = new PrivatePostfix(dir);
        try
        {
            postfix.Write(milterPort);
            await postfix.StartAsync();
            return postfix;
        }
        catch
        {
            await postfix.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops and starts the instance again (a new SMTP port): "Postfix restarts".</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>The delivered messages, oldest first.</summary>
    public IReadOnlyList<string> Delivered()
    {
        var directory = Path.Combine(_base, "mail", "inbox", "new");
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory).OrderBy(File.GetLastWriteTimeUtc).Select(File.ReadAllText).ToList()
            : [];
    }

    /// <summary>Polls the Maildir until a delivered message contains <paramref name="marker"/>.</summary>
    public async Task<string> WaitForDeliveryAsync(string marker)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            if (Delivered().FirstOrDefault(m => m.Contains(marker, StringComparison.Ordinal)) is { } message)
            {
                return message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no delivered message contains {marker}; maillog:\n{Log}");
    }

    /// <summary>Runs swaks against the instance with STARTTLS; returns its exit code and transcript.</summary>
    public async Task<(int Exit, string Output)> SwaksAsync(string to, string messageId, params string[] extraArguments)
    {
        string[] args =
        [
            "--server", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--tls",
            "--ehlo", "client.example.net", "--from", "alice@example.net", "--to", to,
            "--header", $"Message-Id: <{messageId}>", "--timeout", "30", .. extraArguments,
        ];
        return await RunAsync(FindTool("swaks")!, args, mustSucceed: false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_base, recursive: true);
            }
            catch (IOException)
            {
                // a Postfix child still closing a file: the temp directory is left for the OS to clean
            }
        }
    }

    private void Write(int milterPort)
    {
        Directory.CreateDirectory(Path.Combine(_base, "etc"));
        Directory.CreateDirectory(Path.Combine(_base, "spool"));
        var data = Directory.CreateDirectory(Path.Combine(_base, "data")).FullName;
        var mail = Directory.CreateDirectory(Path.Combine(_base, "mail")).FullName;
        Chown("postfix:postfix", data);
        Chown("65534:65534", mail); // virtual(8) delivers as nobody (virtual_minimum_uid)
        Run("/bin/chmod", "755", _base); // Postfix's daemons (user postfix) must reach the queue below it

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var keyPath = Path.Combine(_base, "etc", "key.pem");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        Run("/bin/chmod", "600", keyPath);
        File.WriteAllText(Path.Combine(_base, "etc", "cert.pem"), certificate.ExportCertificatePem());

        File.WriteAllText(Path.Combine(_base, "etc", "main.cf"), $"""
            compatibility_level = 3.6
            myhostname = mta.milter.test
            mydomain = milter.test
            mydestination =
            local_recipient_maps =
            alias_maps =
            alias_database =
            biff = no
            queue_directory = {_base}/spool
            data_directory = {_base}/data
            maillog_file = {_base}/maillog
            maillog_file_prefixes = /var, /dev/stdout, {Path.GetTempPath().TrimEnd('/')}
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
            smtpd_tls_security_level = may
            smtpd_tls_chain_files = {_base}/etc/key.pem, {_base}/etc/cert.pem
            smtpd_tls_received_header = yes
            smtpd_tls_loglevel = 1
            virtual_mailbox_domains = static:all
            virtual_mailbox_base = {_base}/mail
            virtual_mailbox_maps = static:inbox/
            virtual_uid_maps = static:65534
            virtual_gid_maps = static:65534
            virtual_mailbox_limit = 0
            default_transport = error:this instance does not relay
            relay_transport = error:this instance does not relay
            smtpd_milters = inet:127.0.0.1:{milterPort}
            milter_protocol = 6
            milter_default_action = tempfail
            milter_connect_timeout = 5s

            """);

        // All services unchrooted (no /etc files to copy); the SMTP port is 0: master binds an ephemeral one.
        File.WriteAllText(Path.Combine(_base, "etc", "master.cf"), """
            127.0.0.1:0 inet n - n - - smtpd
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            tlsmgr    unix  -       -       n       1000?   1       tlsmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            proxymap  unix  -       -       n       -       -       proxymap
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            virtual   unix  -       n       n       -       -       virtual
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd

            """);
    }

    private async Task StartAsync()
    {
        var etc = Path.Combine(_base, "etc");
        await RunAsync(Postfix, "-c", etc, "check");
        // The daemon must not inherit our pipes (reading them to the end would wait for Postfix to exit).
        await RunAsync("/bin/sh", "-c", $"{Postfix} -c '{etc}' start </dev/null >>'{_base}/start.log' 2>&1");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            if (await MasterPidAsync() is { } pid && await ListeningPortAsync(pid) is { } port)
            {
                Port = port;
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Postfix did not start listening; maillog:\n" + Log);
    }

    private async Task StopAsync()
    {
        var pid = await MasterPidAsync();
        if (pid is null)
        {
            return;
        }

        await RunAsync(Postfix, "-c", Path.Combine(_base, "etc"), "stop");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline && IsMaster(pid.Value))
        {
            await Task.Delay(50);
        }
    }

    /// <summary>The master's PID from its pid file, checked against /proc so a recycled PID is never used. Read by
    /// cat: the master holds an exclusive lock on the file, and .NET's reads take a shared one, which would fail.</summary>
    private async Task<int?> MasterPidAsync()
    {
        var file = Path.Combine(_base, "spool", "pid", "master.pid");
        if (!File.Exists(file))
        {
            return null;
        }

        var (_, text) = await RunAsync("/bin/cat", file);
        return int.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var pid) && IsMaster(pid) ? pid : null;
    }

    private static bool IsMaster(int pid)
    {
        var comm = $"/proc/{pid}/comm";
        return File.Exists(comm) && File.ReadAllText(comm).Trim() == "master";
    }

    private static async Task<int?> ListeningPortAsync(int pid)
    {
        var (_, output) = await RunAsync(FindTool("ss")!, "-Hltnp");
        foreach (var line in output.Split('\n'))
        {
            var match = ListenLine().Match(line);
            if (match.Success && match.Groups["pid"].Value == pid.ToString(CultureInfo.InvariantCulture))
            {
                return int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static void Chown(string owner, string path) => Run("/bin/chown", owner, path);

    private static void Run(string file, params string[] args) => RunAsync(file, args).GetAwaiter().GetResult();

    private static Task<(int Exit, string Output)> RunAsync(string file, params string[] args) => RunAsync(file, args, mustSucceed: true);

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, bool mustSucceed)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(guard.Token);
        var output = await stdout + await stderr;
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {output}");
        }

        return (process.ExitCode, output);
    }

    [GeneratedRegex(@"127\.0\.0\.1:(?<port>\d+)\s.*pid=(?<pid>\d+),")]
    private static partial Regex ListenLine();
}
