namespace TlsRecordingRelay.Delivery.Workers;

/// <summary>The name we give in EHLO and as Reporting-MTA: <c>Delivery:HeloName</c>, else <c>Smtp:Hostname</c>, else the host name.</summary>
public sealed record HeloName(string Value);
