using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Komis.Web.Documents;

/// <summary>A small top-to-bottom layout on one A4 page: headings, label/value lines, tables, wrapped text.</summary>
public sealed class PdfPage : IDisposable
{
    public const double Margin = 50;
    private readonly PdfDocument _document;
    private readonly XGraphics _graphics;
    private readonly double _width;
    private double _y = Margin;

    public PdfPage(string title)
    {
        PdfFonts.EnsureInstalled();
        _document = new PdfDocument();
        _document.Info.Title = title;
        _document.Info.Creator = "KÖMİS";
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        _width = page.Width.Point - (2 * Margin);
    }

    public static XFont Font(double size, bool bold = false) =>
        new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public void Heading(string text, double size = 16)
    {
        Text(text, Font(size, bold: true));
        _y += 4;
    }

    public void Text(string text, XFont? font = null, XBrush? brush = null)
    {
        font ??= Font(10);
        foreach (var line in Wrap(text, font, _width))
        {
            _graphics.DrawString(line, font, brush ?? XBrushes.Black, new XRect(Margin, _y, _width, font.Height), XStringFormats.TopLeft);
            _y += font.Height * 1.15;
        }
    }

    public void LabelValue(string label, string value, double valueSize = 11, bool boldValue = true)
    {
        var labelFont = Font(9);
        _graphics.DrawString(label, labelFont, XBrushes.DimGray, new XRect(Margin, _y, 170, labelFont.Height), XStringFormats.TopLeft);
        var valueFont = Font(valueSize, boldValue);
        foreach (var line in Wrap(value, valueFont, _width - 180))
        {
            _graphics.DrawString(line, valueFont, XBrushes.Black, new XRect(Margin + 180, _y, _width - 180, valueFont.Height), XStringFormats.TopLeft);
            _y += valueFont.Height * 1.2;
        }

        _y += 2;
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double> widths)
    {
        var headerFont = Font(9, bold: true);
        var cellFont = Font(9);
        Row(headers, widths, headerFont);
        _graphics.DrawLine(XPens.Gray, Margin, _y, Margin + _width, _y);
        _y += 3;
        foreach (var row in rows)
        {
            Row(row, widths, cellFont);
        }

        _y += 4;
    }

    public void Rule()
    {
        _y += 4;
        _graphics.DrawLine(XPens.LightGray, Margin, _y, Margin + _width, _y);
        _y += 8;
    }

    public void Space(double points) => _y += points;

    /// <summary>Draws a QR code (its module matrix, as vector squares) at the right margin of the current line.</summary>
    public void QrCodeRight(IReadOnlyList<System.Collections.BitArray> modules, double size)
    {
        var count = modules.Count;
        var cell = size / count;
        var left = Margin + _width - size;
        for (var row = 0; row < count; row++)
        {
            for (var col = 0; col < count; col++)
            {
                if (modules[row][col])
                {
                    _graphics.DrawRectangle(XBrushes.Black, left + (col * cell), _y + (row * cell), cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    private void Row(IReadOnlyList<string> cells, IReadOnlyList<double> widths, XFont font)
    {
        var x = Margin;
        var height = 0.0;
        for (var i = 0; i < cells.Count; i++)
        {
            var w = widths[i] * _width;
            var lines = Wrap(cells[i], font, w - 6).ToList();
            for (var l = 0; l < lines.Count; l++)
            {
                _graphics.DrawString(lines[l], font, XBrushes.Black, new XRect(x, _y + (l * font.Height * 1.15), w - 6, font.Height), XStringFormats.TopLeft);
            }

            height = Math.Max(height, lines.Count * font.Height * 1.15);
            x += w;
        }

        _y += height + 3;
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            yield return line;
        }
    }
}
