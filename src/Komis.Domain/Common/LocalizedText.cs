using System.Globalization;

namespace Komis.Domain.Common;

/// <summary>A text in the three UI languages; Azerbaijani is required and the fallback.</summary>
public sealed record LocalizedText
{
    public LocalizedText(string az, string ru, string en)
    {
        if (string.IsNullOrWhiteSpace(az))
        {
            throw new DomainException("text.az-required", "The Azerbaijani text is required.");
        }

        Az = az.Trim();
        Ru = string.IsNullOrWhiteSpace(ru) ? Az : ru.Trim();
        En = string.IsNullOrWhiteSpace(en) ? Az : en.Trim();
    }

    public string Az { get; private init; }

    public string Ru { get; private init; }

    public string En { get; private init; }

    public string For(CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "ru" => Ru,
        "en" => En,
        _ => Az,
    };

    public string Current => For(CultureInfo.CurrentUICulture);
}
