using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>One message and those of its recipients that share the group's route and policy.</summary>
internal sealed record GroupItem(ClaimedMessage Message, IReadOnlyList<ClaimedRecipient> Recipients);
