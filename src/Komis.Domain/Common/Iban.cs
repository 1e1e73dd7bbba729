using System.Numerics;

namespace Komis.Domain.Common;

/// <summary>IBAN check (ISO 13616 mod 97); Azerbaijani IBANs are AZ + 2 check digits + 4-letter bank + 20 characters.</summary>
public static class Iban
{
    public static bool IsValid(string? iban)
    {
        if (string.IsNullOrEmpty(iban) || iban.Length is < 15 or > 34 || !iban.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        if (iban.StartsWith("AZ", StringComparison.Ordinal) && iban.Length != 28)
        {
            return false;
        }

        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (char.ToUpperInvariant(c) - 'A' + 10).ToString()));
        return BigInteger.Parse(digits) % 97 == 1;
    }

    /// <summary>Builds a valid IBAN from a country code and the basic bank account number (for seed data).</summary>
    public static string Create(string country, string bban)
    {
        var digits = string.Concat((bban + country + "00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (char.ToUpperInvariant(c) - 'A' + 10).ToString()));
        var check = 98 - (int)(BigInteger.Parse(digits) % 97);
        return $"{country}{check:00}{bban}";
    }
}
