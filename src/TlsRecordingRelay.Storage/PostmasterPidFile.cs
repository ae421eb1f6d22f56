using System.Globalization;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// The lines of <c>postmaster.pid</c> that tell a second process how to reach a running server
/// (PostgreSQL's pidfile.h: 1 pid, 2 data dir, 3 start time, 4 port, 5 socket dir, 6 listen address, 7 shm key, 8 status).
/// </summary>
internal sealed record PostmasterPidFile(int Pid, int Port, string SocketDirectory, string Status)
{
    public const string FileName = "postmaster.pid";

    public bool IsReady => Status == "ready";

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, FileName));
        }
        catch (IOException)
        {
            return null;
        }

        if (lines.Length < 5
            || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null; // still being written by a starting postmaster
        }

        // Several socket directories are separated by commas; the first is ours.
        var socketDirectory = lines[4].Split(',')[0].Trim();
        return new PostmasterPidFile(pid, port, socketDirectory, lines.Length >= 8 ? lines[7].Trim() : string.Empty);
    }
}
