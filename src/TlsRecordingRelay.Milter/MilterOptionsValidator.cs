using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Milter;

/// <summary>Source-generated validation of <see cref="MilterOptions"/> (attributes and <c>Validate</c>), run at start.</summary>
[OptionsValidator]
public sealed partial class MilterOptionsValidator : IValidateOptions<MilterOptions>;
