namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>The encryption dashboard over one window: outbound per recipient domain, inbound per sending organisation.</summary>
public sealed record EncryptionDashboard(
    int Days,
    IReadOnlyList<RecipientDomainStats> RecipientDomains,
    IReadOnlyList<SendingOrganisationStats> SendingOrganisations);
