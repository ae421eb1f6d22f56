using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Storage;

/// <summary>Source-generated validation of <see cref="StorageOptions"/>, so a bad section stops startup.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
