namespace TlsRecordingRelay.LoadTest;

/// <summary>The relay answered something other than the reply the client needed (e.g. 451 instead of 250).</summary>
internal sealed class SmtpReplyException(int code, string text) : Exception($"{code} {text}")
{
    public int Code { get; } = code;
}
