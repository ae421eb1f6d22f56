using Microsoft.Extensions.Configuration;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Smtp.Acceptance;

/// <summary>The <c>Analysis</c> section: what the operator declares its own, for the hop judgement.</summary>
public static class AnalysisSettings
{
    public const string SectionName = "Analysis";

    public static HopAnalyzer Analyzer(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var networks = section.GetSection("TrustedNetworks").Get<string[]>() ?? [];
        var hosts = section.GetSection("TrustedHosts").Get<string[]>() ?? [];
        return networks.Length == 0 && hosts.Length == 0
            ? HopAnalyzer.Default
            : new HopAnalyzer(new HopAnalyzerSettings { TrustedNetworks = networks, TrustedHosts = hosts });
    }
}
