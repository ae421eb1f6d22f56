using System.Text.Json;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>Reads a stored contract hop array back into <see cref="ReportHop"/>s; a damaged array reads as no hops.</summary>
public static class ReportHopReader
{
    public static IReadOnlyList<ReportHop> Read(string? hopsJson)
    {
        if (string.IsNullOrWhiteSpace(hopsJson))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(hopsJson, ReportHopJsonContext.Default.ReportHopArray) ?? [];
        }
        catch (JsonException)
        {
            // Rows are written by us from HopJson; a row that does not read back is shown without hops rather than
            // failing the whole report (the raw JSON is still in the --json output).
            return [];
        }
    }
}
