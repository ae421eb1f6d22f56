namespace TlsRecordingRelay.Http;

/// <summary>The <c>/healthz</c> body: overall status and each part (<c>up</c>, <c>down</c>, <c>off</c>).</summary>
public sealed record HealthReport(string Status, string Database, string Smtp, string Milter)
{
    public bool Healthy => Status == "ok";
}
