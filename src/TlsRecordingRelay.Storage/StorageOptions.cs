using System.ComponentModel.DataAnnotations;

namespace TlsRecordingRelay.Storage;

/// <summary>The <c>Storage</c> configuration section: where the embedded PostgreSQL lives when no connection string is set.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The relay's data directory; the embedded cluster lives in its <c>postgres</c> subdirectory. Relative to the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./var";

    /// <summary>Where <c>initdb</c> and <c>pg_ctl</c> are; empty means the newest <c>/usr/lib/postgresql/*/bin</c>, then PATH.</summary>
    public string PostgresBinDirectory { get; set; } = string.Empty;
}
