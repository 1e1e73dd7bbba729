using System.Globalization;

namespace Komis.Web.Features.Payments;

/// <summary>
/// Amounts as people type them: "12", "12.5", "12,50" (Azerbaijani and Russian write a comma). No signs, no
/// thousands separators, at most two decimals, at most 1,000,000.
/// </summary>
public static class AmountText
{
    public const decimal Max = 1_000_000m;

    public static bool TryParse(string? text, out decimal amount)
    {
        amount = 0;
        var t = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace('\u00A0'.ToString(), "", StringComparison.Ordinal);
        if (t.Length is 0 or > 12)
        {
            return false;
        }

        var separator = t.IndexOfAny(['.', ',']);
        var whole = separator < 0 ? t : t[..separator];
        var fraction = separator < 0 ? "" : t[(separator + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || fraction.Length > 2 || !fraction.All(char.IsAsciiDigit) || (separator >= 0 && fraction.Length == 0))
        {
            return false;
        }

        amount = decimal.Parse(whole + (fraction.Length > 0 ? "." + fraction : ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return amount <= Max;
    }

    /// <summary>How an amount is put back into a form field.</summary>
    public static string Format(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
