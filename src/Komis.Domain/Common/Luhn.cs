namespace Komis.Domain.Common;

/// <summary>The Luhn (mod 10) check digit used by subscriber codes and receipt numbers.</summary>
public static class Luhn
{
    /// <summary>Computes the check digit to append to <paramref name="digits"/>.</summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit is doubled, since the check digit goes after it
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (d is < 0 or > 9)
            {
                throw new ArgumentException("Only decimal digits are allowed.", nameof(digits));
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>True when the last character is the correct check digit for the digits before it.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        if (number.Length < 2)
        {
            return false;
        }

        foreach (var c in number)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ComputeCheckDigit(number[..^1]) == number[^1] - '0';
    }
}
