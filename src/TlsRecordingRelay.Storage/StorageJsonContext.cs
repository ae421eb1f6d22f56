using System.Text.Json.Serialization;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// Source-generated JSON for the jsonb columns. camelCase and nulls kept: the <c>tls</c> object is the
/// contract's shape (DESIGN.md: <c>{"version","versionRaw","cipher","bits","verify"}</c>, absent values null).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TlsDetails))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
