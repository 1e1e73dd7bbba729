using System.Buffers;
using System.Globalization;

namespace Komis.Web.Features.Registry;

/// <summary>
/// Builds rows in PostgreSQL's COPY text format (tab between fields, <c>\N</c> for null, backslash escapes) in a buffer
/// and hands them to a COPY's writer in large pieces. PostgreSQL parses the text on its own core while the app reads
/// the next rows; one write per 32,000 characters costs the app far less than a typed binary write per field.
/// </summary>
public sealed class CopyTextRows(TextWriter copy)
{
    private const int FlushAt = 32 * 1024;

    /// <summary>The characters COPY's text format gives a meaning: escaped wherever they occur in a value.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create("\\\t\n\r");

    private char[] _buffer = new char[FlushAt * 2];
    private int _length;
    private bool _rowStarted;

    /// <summary>A text value, or null.</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            AddNull();
            return;
        }

        Separate();
        var span = value.AsSpan();
        Ensure(span.Length * 2);
        if (!span.ContainsAny(Special))
        {
            span.CopyTo(_buffer.AsSpan(_length));
            _length += span.Length;
            return;
        }

        foreach (var c in span)
        {
            var escaped = c switch { '\\' => '\\', '\t' => 't', '\n' => 'n', '\r' => 'r', _ => '\0' };
            if (escaped != '\0')
            {
                _buffer[_length++] = '\\';
                _buffer[_length++] = escaped;
            }
            else
            {
                _buffer[_length++] = c;
            }
        }
    }

    public void AddNull()
    {
        Separate();
        Ensure(2);
        _buffer[_length++] = '\\';
        _buffer[_length++] = 'N';
    }

    public void Add(long value) => Add(value, default);

    public void Add(decimal? value) => AddOrNull(value, default);

    /// <summary>ISO 8601 (yyyy-MM-dd), which PostgreSQL reads whatever its DateStyle.</summary>
    public void Add(DateOnly? value) => AddOrNull(value, "yyyy-MM-dd");

    /// <summary>Ends the row; hands the buffer over once it holds enough.</summary>
    public async ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        Ensure(1);
        _buffer[_length++] = '\n';
        _rowStarted = false;
        if (_length >= FlushAt)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await copy.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            _length = 0;
        }
    }

    private void AddOrNull<T>(T? value, ReadOnlySpan<char> format) where T : struct, ISpanFormattable
    {
        if (value is { } v)
        {
            Add(v, format);
        }
        else
        {
            AddNull();
        }
    }

    private void Add<T>(T value, ReadOnlySpan<char> format) where T : ISpanFormattable
    {
        Separate();
        Ensure(64);
        if (!value.TryFormat(_buffer.AsSpan(_length), out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{typeof(T).Name} did not fit in 64 characters.");
        }

        _length += written;
    }

    private void Separate()
    {
        if (_rowStarted)
        {
            Ensure(1);
            _buffer[_length++] = '\t';
        }

        _rowStarted = true;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
