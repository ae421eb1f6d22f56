namespace TlsRecordingRelay.TestSupport;

/// <summary>One SMTP reply: the code and every line as received.</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    public override string ToString() => Text;
}
