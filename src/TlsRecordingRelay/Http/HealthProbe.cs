using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TlsRecordingRelay.Milter;
using TlsRecordingRelay.Smtp.Listener;

namespace TlsRecordingRelay.Http;

/// <summary><c>GET /healthz</c>: the database answers within two seconds and every configured listener is bound.</summary>
public sealed class HealthProbe(NpgsqlDataSource dataSource, IServiceProvider services)
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        string database;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(DatabaseTimeout);
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
                database = "up";
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
            {
                database = "down";
            }
        }

        // A service that is not configured is not a failure: the milter-only relay has no SMTP listener.
        var smtp = services.GetService<TlsAwareListenerFactory>() switch
        {
            null => "off",
            { } listeners => listeners.Started.IsCompletedSuccessfully && !listeners.Bound.IsEmpty ? "up" : "down",
        };
        var milter = services.GetService<MilterListener>() switch
        {
            null => "off",
            { } listener => listener.LocalEndPoint is not null ? "up" : "down",
        };
        var healthy = database == "up" && smtp != "down" && milter != "down";
        return new HealthReport(healthy ? "ok" : "unavailable", database, smtp, milter);
    }
}
