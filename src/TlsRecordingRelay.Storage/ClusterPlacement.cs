using System.Security.Cryptography;
using System.Text;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// Decides where the cluster really lives: the requested directory when the server can use it, otherwise a
/// fallback named after a hash of the requested path (so every process asking for the same directory lands on
/// the same fallback and attaches to the same server).
/// </summary>
internal static class ClusterPlacement
{
    /// <summary>sun_path is 108 bytes on Linux; stay clearly below it.</summary>
    public const int MaxSocketPathBytes = 100;

    // As root we chown the directory to postgres, which defeats the server's own "wrong ownership" check: so
    // never in world-writable /var/tmp, where anyone could plant the predictable name first (a symlink, or a
    // prepared cluster). Other users keep /var/tmp: the server refuses a directory it does not own.
    private const string RootFallbackDirectory = "/var/lib/tlsrelay";
    private const string UserFallbackPrefix = "/var/tmp/tlsrelay-";

    /// <summary>Why the requested directory cannot serve, or null when it can (before any permission probe).</summary>
    public static string? StaticProblem(string dataDirectory, int port)
    {
        var socketBytes = Encoding.UTF8.GetByteCount(SocketPath(dataDirectory, port));
        if (socketBytes >= MaxSocketPathBytes)
        {
            return $"its unix socket path would be {socketBytes} bytes (limit {MaxSocketPathBytes})";
        }

        // The path goes into pg_ctl -o (read by /bin/sh) and unix_socket_directories (a comma list): keep it plain.
        if (!dataDirectory.All(IsPlainPathCharacter))
        {
            return "its path has characters that pg_ctl options or unix_socket_directories cannot carry";
        }

        return null;
    }

    public static string Fallback(string requested, bool asRoot)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..16];
        return asRoot ? Path.Combine(RootFallbackDirectory, hash) : UserFallbackPrefix + hash;
    }

    public static string SocketPath(string socketDirectory, int port) =>
        Path.Combine(socketDirectory, FormattableString.Invariant($".s.PGSQL.{port}"));

    private static bool IsPlainPathCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or '@' or '=';
}
