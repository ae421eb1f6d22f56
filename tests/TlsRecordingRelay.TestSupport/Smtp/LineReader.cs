using System.Text;

namespace TlsRecordingRelay.TestSupport.Smtp;

/// <summary>Reads CRLF lines and dot-terminated DATA from a stream, byte-exact (no decoding of the body).</summary>
internal sealed class LineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = await ReadRawLineAsync(cancellationToken);
        return line is null ? null : Encoding.UTF8.GetString(line, 0, line.Length - 2);
    }

    /// <summary>RFC 5321 §4.5.2: until a line of ".", removing the leading dot of dot-stuffed lines.</summary>
    public async Task<byte[]> ReadDataAsync(CancellationToken cancellationToken)
    {
        using var data = new MemoryStream();
        while (true)
        {
            var line = await ReadRawLineAsync(cancellationToken) ?? throw new IOException("connection closed in DATA");
            if (line.Length == 3 && line[0] == '.')
            {
                return data.ToArray();
            }

            var skip = line.Length > 0 && line[0] == '.' ? 1 : 0;
            data.Write(line, skip, line.Length - skip);
        }
    }

    /// <summary>One line including its CRLF; a bare LF stays inside the line.</summary>
    private async Task<byte[]?> ReadRawLineAsync(CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            for (var i = _start; i < _end; i++)
            {
                if (_buffer[i] == '\n' && (i > _start ? _buffer[i - 1] == '\r' : line.Length > 0 && line.GetBuffer()[line.Length - 1] == '\r'))
                {
                    line.Write(_buffer, _start, i + 1 - _start);
                    _start = i + 1;
                    return line.ToArray();
                }
            }

            line.Write(_buffer, _start, _end - _start);
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            if (_end == 0)
            {
                return null;
            }
        }
    }
}
