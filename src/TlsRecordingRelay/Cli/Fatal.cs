using Microsoft.Extensions.Options;
using TlsRecordingRelay.Storage;

namespace TlsRecordingRelay.Cli;

/// <summary>Turns the failures an operator can fix (no PostgreSQL binaries, a bad setting, a port in use)
/// into one line on stderr and exit status 1, instead of a stack trace.</summary>
internal static class Fatal
{
    public static async Task<int> GuardAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (Exception ex) when (ex is PostgresClusterException or MigrationException or OptionsValidationException
                                       or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("tlsrelay: " + ex.Message.ReplaceLineEndings(" "));
            return 1;
        }
    }
}
