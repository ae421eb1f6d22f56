using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Delivery;

/// <summary>Source-generated validation of <see cref="DeliveryOptions"/>, run at start.</summary>
[OptionsValidator]
internal sealed partial class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>;
