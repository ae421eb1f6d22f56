namespace TlsRecordingRelay.Smtp.Session;

/// <summary>Keys of what we keep in <c>ISessionContext.Properties</c>.</summary>
internal static class SessionKeys
{
    public const string State = "TlsRelay:State";
    public const string Facts = "TlsRelay:Facts";
}
