using System.IO.Pipelines;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// <c>Smtp:CommandTimeout</c> for each command line, ours rather than the library's, which answers a timeout
/// "221" (the reply to QUIT); RFC 5321 §3.8 and §4.2.2 make it 421, and Postfix says
/// "421 4.4.2 … Error: timeout exceeded".
/// </summary>
internal sealed class CommandDeadline(TimeSpan commandTimeout)
{
    private long? _deadline;

    /// <summary>A command line was taken (by the library or by us): the next one gets a fresh timeout.</summary>
    public void Restart() => _deadline = null;

    /// <summary>The reply when the client has not completed its command in time.</summary>
    public static byte[] Reply(string hostname) => Encoding.ASCII.GetBytes($"421 4.4.2 {hostname} Error: timeout exceeded\r\n");

    /// <summary>The next read, or null when the client has not completed its command in time.</summary>
    public async ValueTask<ReadResult?> ReadAsync(PipeReader inner, CancellationToken cancellationToken)
    {
        // Started at the first read after the last command line was taken.
        _deadline ??= Environment.TickCount64 + (long)Math.Min(commandTimeout.TotalMilliseconds, int.MaxValue);
        var remaining = Math.Clamp(_deadline.Value - Environment.TickCount64, 0, int.MaxValue); // CancelAfter's range
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(remaining));
        try
        {
            return await inner.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
