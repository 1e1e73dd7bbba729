using System.Buffers;
using System.Text;

namespace Komis.Web.Features.Registry;

/// <summary>A CSV record could not be read (bad quoting, or bytes that are not UTF-8).</summary>
public sealed class CsvFormatException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}

/// <summary>
/// Reads RFC 4180 CSV from a stream, one record at a time, in constant memory: UTF-8 only (with or without BOM;
/// invalid bytes are an error, not replacement characters), LF or CRLF line ends, quoted fields with commas,
/// doubled quotes and line breaks. Blank lines are skipped.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Outside quotes, the characters that end a run of field text.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(",\r\n\"");

    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new(256);
    private int _position;
    private int _length;
    private long _physicalLine = 1;
    private bool _started;

    public CsvRecordReader(Stream stream)
    {
        _reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false, bufferSize: BufferSize, leaveOpen: true);
    }

    /// <summary>The fields of the record just read.</summary>
    public List<string> Fields { get; } = new(8);

    /// <summary>The line on which the record just read starts (1-based).</summary>
    public long Line { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Fields.Clear();
            _field.Clear();
            Line = _physicalLine;
            var anyChar = false;
            var inQuotes = false;
            var afterQuote = false;

            while (true)
            {
                if (_position == _length && !await FillAsync(cancellationToken))
                {
                    if (inQuotes)
                    {
                        throw new CsvFormatException(Line, "A quoted field is not closed before the end of the file.");
                    }

                    if (!anyChar)
                    {
                        return false;
                    }

                    Fields.Add(_field.ToString());
                    return true;
                }

                if (_started && !afterQuote)
                {
                    // The run of ordinary characters up to the next one that means something here, copied at once.
                    var rest = _buffer.AsSpan(_position, _length - _position);
                    var run = inQuotes ? rest.IndexOfAny('"', '\n') : rest.IndexOfAny(Special);
                    if (run != 0)
                    {
                        run = run < 0 ? rest.Length : run;
                        _field.Append(rest[..run]);
                        _position += run;
                        anyChar |= !inQuotes;
                        continue;
                    }
                }

                var c = _buffer[_position++];
                if (!_started)
                {
                    _started = true;
                    if (c == '\uFEFF')
                    {
                        continue;
                    }
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (_position == _length && !await FillAsync(cancellationToken))
                        {
                            inQuotes = false;
                            afterQuote = true;
                            continue;
                        }

                        if (_buffer[_position] == '"')
                        {
                            _field.Append('"');
                            _position++;
                        }
                        else
                        {
                            inQuotes = false;
                            afterQuote = true;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            _physicalLine++;
                        }

                        _field.Append(c);
                    }

                    continue;
                }

                anyChar = true;
                switch (c)
                {
                    case ',':
                        Fields.Add(_field.ToString());
                        _field.Clear();
                        afterQuote = false;
                        break;
                    case '\r':
                        break; // a CR belongs to the CRLF line end; a lone CR inside a field is dropped
                    case '\n':
                        _physicalLine++;
                        if (Fields.Count == 0 && _field.Length == 0)
                        {
                            // a blank line
                            Line = _physicalLine;
                            anyChar = false;
                            continue;
                        }

                        Fields.Add(_field.ToString());
                        return true;
                    case '"' when _field.Length == 0 && !afterQuote:
                        inQuotes = true;
                        break;
                    default:
                        if (afterQuote)
                        {
                            throw new CsvFormatException(Line, "Unexpected text after a closing quote.");
                        }

                        if (c == '"')
                        {
                            throw new CsvFormatException(Line, "A quote inside an unquoted field.");
                        }

                        _field.Append(c);
                        break;
                }
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        try
        {
            _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(_physicalLine, "The file is not valid UTF-8 (at or after this line).");
        }

        _position = 0;
        return _length > 0;
    }

    public void Dispose() => _reader.Dispose();
}
