using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>
/// Holds one connection in <c>LISTEN tlsrelay_delivery</c> and turns each NOTIFY (sent by the recipients
/// insert trigger, from any node) into a wake-up for idle delivery workers.
/// </summary>
public sealed class QueueNotifications(NpgsqlDataSource dataSource, TimeProvider time, ILogger<QueueNotifications> logger) : BackgroundService
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next notification after this call (or is cancelled).</summary>
    public Task NextAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand(QueueSql.Listen, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything queued while we were not listening would otherwise wait for the poll timer.
                Signal();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                // Workers still poll; reconnect after a pause rather than spin against a down server.
                Log.ListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
