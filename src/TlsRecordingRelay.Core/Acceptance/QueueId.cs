using System.Security.Cryptography;

namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>
/// Short, unique, sortable-by-time queue ids (Postfix "long queue id" spirit): 6 base-32 characters of
/// seconds since 2020, then 8 random base-32 characters. Crockford base 32 (no I, L, O, U), safe in a header.
/// </summary>
public static class QueueId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base 32

    private static readonly DateTime Epoch = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string New(DateTime utcNow)
    {
        Span<char> id = stackalloc char[14];
        var seconds = (long)(utcNow - Epoch).TotalSeconds;
        for (var i = 5; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(seconds & 31)];
            seconds >>= 5;
        }

        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 8; i++)
        {
            id[6 + i] = Alphabet[random[i] & 31];
        }

        return new string(id);
    }
}
