using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TlsRecordingRelay.Delivery;
using TlsRecordingRelay.Http;
using TlsRecordingRelay.Milter;
using TlsRecordingRelay.Smtp;
using TlsRecordingRelay.Storage;
using TlsRecordingRelay.Storage.Milter;
using TlsRecordingRelay.Storage.Queue;

namespace TlsRecordingRelay;

/// <summary>The composition root: configuration, the database (embedded or configured), and the services.</summary>
public static class RelayHost
{
    /// <summary><c>tlsrelay run</c>: runs until SIGTERM/Ctrl+C, then drains and stops the embedded database.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var relay = await RelayInstance.StartAsync(args, cancellationToken);
        await relay.Host.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    /// <summary><c>tlsrelay migrate</c>.</summary>
    public static async Task<int> MigrateAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = BuildConfiguration(args);
        using var loggers = CreateLoggerFactory(configuration);
        await using var database = await Database.OpenAsync(configuration, loggers, cancellationToken);
        await Migrations.ApplyAsync(database.ConnectionString, loggers.CreateLogger("Migrations"), cancellationToken);
        return 0;
    }

    /// <summary>The configuration every verb sees: appsettings.json beside the executable, environment, arguments.</summary>
    public static IConfiguration BuildConfiguration(string[] args) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    internal static ILoggerFactory CreateLoggerFactory(IConfiguration configuration) =>
        LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));

    /// <summary>Builds the host on an open database: the SMTP listener and/or the milter, the storage behind them, the delivery workers, the HTTP API.</summary>
    internal static WebApplication BuildHost(string[] args, DatabaseHandle database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        var drain = builder.Configuration.GetValue("Smtp:DrainTimeout", TimeSpan.FromSeconds(25));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromSeconds(10));
        builder.Services.AddStorage(database);
        // `run` serves SMTP, the milter, or both (Smtp:Enabled defaults to true, Milter:Enabled to false).
        if (builder.Configuration.GetValue("Smtp:Enabled", true))
        {
            builder.Services.AddSmtp(builder.Configuration);
        }

        // Queued mail is delivered whichever listeners run, so a restart with SMTP off still drains the queue.
        builder.Services.AddDeliveryQueue();
        builder.Services.AddDelivery(builder.Configuration);

        if (builder.Configuration.GetValue("Milter:Enabled", false))
        {
            builder.Services.AddMilterReports();
            builder.Services.AddMilter(builder.Configuration);
        }

        builder.AddRelayHttp();
        return builder.Build().MapRelayHttp();
    }
}
