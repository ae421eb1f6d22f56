namespace TlsRecordingRelay.Core.Hops;

/// <summary>Reads the data files embedded in Core (see the csproj): Core does no file I/O of its own.</summary>
internal static class EmbeddedData
{
    public static string ReadText(string name)
    {
        var resource = "TlsRecordingRelay.Core.Hops." + name;
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
