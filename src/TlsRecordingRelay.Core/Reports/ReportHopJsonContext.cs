using System.Text.Json.Serialization;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>Source-generated reader of the stored hop arrays (camelCase, as HopJson writes them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReportHop[]))]
internal sealed partial class ReportHopJsonContext : JsonSerializerContext;
