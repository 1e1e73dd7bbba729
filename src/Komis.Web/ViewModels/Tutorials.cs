namespace Komis.Web.ViewModels;

/// <summary>One video tutorial on "Ödəniş mexanizmləri", from the "Komis:Tutorials" settings list.</summary>
public sealed class Tutorial
{
    public string TitleAz { get; set; } = "";

    public string? TitleRu { get; set; }

    public string? TitleEn { get; set; }

    /// <summary>A video URL (MP4 or WebM) on this site or a trusted host allowed by the content security policy.</summary>
    public string Src { get; set; } = "";

    public string? Poster { get; set; }

    public string Title => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch
    {
        "ru" when !string.IsNullOrEmpty(TitleRu) => TitleRu,
        "en" when !string.IsNullOrEmpty(TitleEn) => TitleEn,
        _ => TitleAz,
    };

    public string MimeType => Src.EndsWith(".webm", StringComparison.OrdinalIgnoreCase) ? "video/webm" : "video/mp4";
}
