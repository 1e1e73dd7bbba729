using System.Diagnostics.CodeAnalysis;
using Komis.Domain.Common;

namespace Komis.Domain.Subscribers;

/// <summary>Why an ID card entry was refused; each has its own message in the UI.</summary>
public enum IdCardError
{
    None,
    SeriesMissing,
    SeriesUnknown,
    NumberMissing,
    NumberFormat,
}

/// <summary>
/// A national ID card (şəxsiyyət vəsiqəsi): series AZE with 8 digits, or the older AA with 7 digits.
/// Personal data: shown only masked, never logged.
/// </summary>
public sealed record IdCard
{
    public static readonly IReadOnlyList<string> Series = ["AZE", "AA"];

    private IdCard(string series, string number)
    {
        SeriesCode = series;
        Number = number;
    }

    public string SeriesCode { get; }

    public string Number { get; }

    public static int DigitsFor(string series) => series == "AZE" ? 8 : 7;

    /// <summary>Trims and upper-cases; accepts the number typed with or without the series in front.</summary>
    public static bool TryParse(string? series, string? number, [NotNullWhen(true)] out IdCard? card, out IdCardError error)
    {
        card = null;
        var s = (series ?? "").Trim().ToUpperInvariant();
        var n = string.Concat((number ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (s.Length == 0)
        {
            error = IdCardError.SeriesMissing;
            return false;
        }

        if (!Series.Contains(s))
        {
            error = IdCardError.SeriesUnknown;
            return false;
        }

        if (n.StartsWith(s, StringComparison.Ordinal))
        {
            n = n[s.Length..];
        }

        if (n.Length == 0)
        {
            error = IdCardError.NumberMissing;
            return false;
        }

        if (n.Length != DigitsFor(s) || !n.All(char.IsAsciiDigit))
        {
            error = IdCardError.NumberFormat;
            return false;
        }

        error = IdCardError.None;
        card = new IdCard(s, n);
        return true;
    }

    /// <summary>"AZE*****678": the series and the last three digits.</summary>
    public string Masked => SeriesCode + new string('*', Number.Length - 3) + Number[^3..];

    public override string ToString() => Masked;

    /// <summary>The canonical form used for keyed hashing ("AZE12345678").</summary>
    public string Canonical => SeriesCode + Number;
}

/// <summary>Masking of personal data for display.</summary>
public static class Mask
{
    /// <summary>"Məmmədov Əli Vüqar oğlu" → "M******* Ə** V**** o***".</summary>
    public static string Name(string name) => string.Join(' ',
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length <= 1 ? w : w[0] + new string('*', w.Length - 1)));

    /// <summary>Hides house and flat numbers: "Bakı, Nizami küç. 10, m. 5" → "Bakı, Nizami küç. **, m. *".</summary>
    public static string Address(string address) => new(address.Select(c => char.IsDigit(c) ? '*' : c).ToArray());

    public static string Fin(string fin) => Common.Fin.IsValid(fin) ? fin[..2] + "*****" : "*******";
}
