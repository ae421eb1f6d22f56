using System.Text;
using MimeKit;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>Turns stored bytes into the MimeMessage MailKit needs, our Received line on top, nothing re-encoded.</summary>
internal static class StoredMessage
{
    public static MimeMessage Load(ClaimedMessage message, CancellationToken cancellationToken)
    {
        // Prepending raw header bytes before parsing keeps the stamp verbatim; MimeKit re-serialises
        // CRLF input byte-identically when Prepare is not called (LIBRARY-NOTES §2.3).
        var header = Encoding.UTF8.GetBytes(message.ReceivedHeader);
        var bytes = new byte[header.Length + message.Content.Length];
        header.CopyTo(bytes, 0);
        message.Content.Span.CopyTo(bytes.AsSpan(header.Length));
        using var stream = new MemoryStream(bytes, writable: false);
        return MimeMessage.Load(stream, cancellationToken);
    }
}
