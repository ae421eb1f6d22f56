namespace TlsRecordingRelay.Storage.Tests;

/// <summary>A fresh directory under the system temp path, deleted (with any /var/tmp fallback cluster) on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    private readonly List<string> _alsoDelete = [];

    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tlsrelay-st-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void AlsoDelete(string? directory)
    {
        if (directory is not null)
        {
            _alsoDelete.Add(directory);
        }
    }

    public void Dispose()
    {
        foreach (var directory in _alsoDelete.Append(Path).Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
