namespace TlsRecordingRelay.Storage;

/// <summary>What a finished tool run left behind: its exit code and both output streams.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>stderr (or stdout when stderr is empty) folded onto one line, for an exception message.</summary>
    public string OneLineOutput()
    {
        var text = string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError;
        return string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
