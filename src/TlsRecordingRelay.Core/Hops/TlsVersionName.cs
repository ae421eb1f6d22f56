namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Normalises the protocol versions stampers print (<c>TLSv1.2</c>, <c>TLS1_2</c>, <c>TLS1.2</c>, <c>Tls12</c>,
/// <c>TLSv1</c>, <c>SSLv3</c>) to the contract's <c>SSLv3</c>, <c>TLSv1.0</c> … <c>TLSv1.3</c>.
/// </summary>
internal static class TlsVersionName
{
    public static string? Normalize(ReadOnlySpan<char> raw)
    {
        // sendmail prints OpenSSL's SSL_CIPHER_get_version(), which says "TLSv1/SSLv3" for every pre-1.2 cipher:
        // it names the cipher's origin, not the protocol negotiated, so the version is unknown.
        if (raw.Contains('/'))
        {
            return null;
        }

        bool ssl;
        if (raw.StartsWith("TLS", StringComparison.OrdinalIgnoreCase))
        {
            ssl = false;
        }
        else if (raw.StartsWith("SSL", StringComparison.OrdinalIgnoreCase))
        {
            ssl = true;
        }
        else
        {
            return null;
        }

        var rest = raw[3..];
        if (rest.Length > 0 && rest[0] is 'v' or 'V' or ' ' or '-' or '_')
        {
            rest = rest[1..];
        }

        // Keep the digits only: "1.2", "1_2", "12", "1" all become "12" or "1".
        Span<char> digits = stackalloc char[3];
        var count = 0;
        foreach (var c in rest)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return null;
                }

                digits[count++] = c;
            }
            else if (c is not ('.' or '_'))
            {
                return null;
            }
        }

        if (ssl)
        {
            return count == 1 && digits[0] is '2' or '3' ? "SSLv" + digits[0] : null;
        }

        return count switch
        {
            1 when digits[0] == '1' => "TLSv1.0",
            2 when digits[0] == '1' && digits[1] is >= '0' and <= '3' => "TLSv1." + digits[1],
            _ => null,
        };
    }
}
