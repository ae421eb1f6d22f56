using System.Text;

namespace TlsRecordingRelay.LoadTest;

/// <summary>Reads CRLF-terminated SMTP lines from a stream with one reusable buffer (client replies and sink commands).</summary>
internal sealed class SmtpLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes already read from the stream but not yet consumed (must be none when STARTTLS switches streams).</summary>
    public int Buffered => _end - _start;

    /// <summary>The next line without its CRLF, or null at end of stream. Lines longer than the buffer are cut.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var length = lf > 0 && span[lf - 1] == '\r' ? lf - 1 : lf;
                var line = Encoding.ASCII.GetString(span[..length]);
                _start += lf + 1;
                return line;
            }

            if (_start > 0)
            {
                span.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                _end = 0; // an absurdly long line: drop what we have, keep reading
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    /// <summary>Skips DATA content up to and including the terminating <c>.</c> line (RFC 5321 §4.1.1.4); false at end of stream.</summary>
    public async ValueTask<bool> SkipDataAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var isEnd = span[..lf].SequenceEqual(".\r"u8) || span[..lf].SequenceEqual("."u8);
                _start += lf + 1;
                if (isEnd)
                {
                    return true;
                }

                continue;
            }

            if (_start > 0)
            {
                span.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                _end = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }
    }
}
