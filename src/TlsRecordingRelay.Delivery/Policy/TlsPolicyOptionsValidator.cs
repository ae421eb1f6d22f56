using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Delivery.Policy;

/// <summary>Source-generated validation of <see cref="TlsPolicyOptions"/>, run at start.</summary>
[OptionsValidator]
internal sealed partial class TlsPolicyOptionsValidator : IValidateOptions<TlsPolicyOptions>;
