using System.Diagnostics.CodeAnalysis;

namespace TlsRecordingRelay.Core.Delivery;

/// <summary>The configuration and report words for <see cref="TlsPolicy"/>: <c>none</c>, <c>may</c>, <c>encrypt</c>, <c>verify</c>.</summary>
public static class TlsPolicyNames
{
    public static string Name(TlsPolicy policy) => policy switch
    {
        TlsPolicy.None => "none",
        TlsPolicy.May => "may",
        TlsPolicy.Encrypt => "encrypt",
        TlsPolicy.Verify => "verify",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out TlsPolicy? policy)
    {
        policy = text?.Trim().ToLowerInvariant() switch
        {
            "none" => TlsPolicy.None,
            "may" => TlsPolicy.May,
            "encrypt" => TlsPolicy.Encrypt,
            "verify" => TlsPolicy.Verify,
            _ => null,
        };
        return policy is not null;
    }
}
