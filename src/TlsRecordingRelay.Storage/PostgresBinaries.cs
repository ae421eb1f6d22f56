namespace TlsRecordingRelay.Storage;

/// <summary>Finds the PostgreSQL server binaries: a configured directory, else the newest Debian-style install, else PATH.</summary>
public static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>Returns the directory holding <c>initdb</c> and <c>pg_ctl</c>, or throws <see cref="PostgresBinariesNotFoundException"/>.</summary>
    public static string Locate(string? configuredDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredDirectory))
        {
            // A configured directory is a decision: never silently use another installation instead.
            var full = Path.GetFullPath(configuredDirectory);
            return HasServerTools(full)
                ? full
                : throw new PostgresBinariesNotFoundException(
                    $"No PostgreSQL server binaries (initdb, pg_ctl) in Storage:PostgresBinDirectory '{full}'; fix the setting or set ConnectionStrings:Reports.");
        }

        return FindNewestDebianInstall() ?? FindOnPath() ?? throw new PostgresBinariesNotFoundException(
            $"No PostgreSQL server binaries (initdb, pg_ctl) in {DebianRoot}/*/bin or on PATH; install PostgreSQL, set Storage:PostgresBinDirectory, or set ConnectionStrings:Reports.");
    }

    private static string? FindNewestDebianInstall()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(dir => (Version: ParseMajor(Path.GetFileName(dir)), Bin: Path.Combine(dir, "bin")))
            .Where(candidate => candidate.Version is not null && HasServerTools(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static Version? ParseMajor(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static string? FindOnPath()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerTools);
    }

    private static bool HasServerTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
