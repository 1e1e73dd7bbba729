using PdfSharp.Fonts;

namespace Komis.Web.Documents;

/// <summary>PdfSharp's fonts: DejaVu Sans regular and bold from the assembly, whatever the machine has installed.</summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PdfSharp's setting is global).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
                _installed = true;
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular);

    public byte[] GetFont(string faceName)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Komis.Web.Documents.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
