using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TlsRecordingRelay.Milter;
using TlsRecordingRelay.Smtp.Listener;
using TlsRecordingRelay.Storage;

namespace TlsRecordingRelay;

/// <summary>A started relay: its host, its database and the endpoints it listens on (port 0 resolved).</summary>
public sealed class RelayInstance : IAsyncDisposable
{
    private RelayInstance(IHost host, DatabaseHandle database, IReadOnlyList<IPEndPoint> starttls, IReadOnlyList<IPEndPoint> implicitTls)
    {
        Host = host;
        Database = database;
        StartTlsEndPoints = starttls;
        ImplicitTlsEndPoints = implicitTls;
    }

    public IHost Host { get; }

    public DatabaseHandle Database { get; }

    public IReadOnlyList<IPEndPoint> StartTlsEndPoints { get; }

    public IReadOnlyList<IPEndPoint> ImplicitTlsEndPoints { get; }

    /// <summary>The milter socket (port 0 resolved) when Milter:Enabled, else null.</summary>
    public EndPoint? MilterEndPoint { get; private init; }

    /// <summary>The HTTP API's base addresses as bound (port 0 resolved), e.g. <c>http://127.0.0.1:8025</c>.</summary>
    public IReadOnlyList<Uri> HttpAddresses { get; private init; } = [];

    /// <summary>Opens (or starts) the database, migrates it, starts the host, waits for the listeners.</summary>
    public static async Task<RelayInstance> StartAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = RelayHost.BuildConfiguration(args);
        using var loggers = RelayHost.CreateLoggerFactory(configuration);
        var database = await Storage.Database.OpenAsync(configuration, loggers, cancellationToken);
        try
        {
            await Migrations.ApplyAsync(database.ConnectionString, loggers.CreateLogger("Migrations"), cancellationToken);
            var host = RelayHost.BuildHost(args, database);
            await host.StartAsync(cancellationToken);
            // With Smtp:Enabled=false (milter only) there is no SMTP listener to wait for.
            List<IPEndPoint> starttls = [];
            List<IPEndPoint> implicitTls = [];
            if (host.Services.GetService<TlsAwareListenerFactory>() is { } listeners)
            {
                await listeners.Started.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                starttls = listeners.Bound.Where(b => !b.Key.IsSecure).Select(b => b.Value).ToList();
                implicitTls = listeners.Bound.Where(b => b.Key.IsSecure).Select(b => b.Value).ToList();
            }

            var http = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => new Uri(a)).ToList() ?? [];
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger<RelayInstance>();
            foreach (var url in http)
            {
                Log.HttpListening(logger, url);
            }

            return new RelayInstance(host, database, starttls, implicitTls)
            {
                MilterEndPoint = host.Services.GetService<MilterListener>()?.LocalEndPoint,
                HttpAddresses = http,
            };
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the host (draining sessions), then the embedded database if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
        }
        finally
        {
            Host.Dispose();
            await Database.DisposeAsync();
        }
    }
}
