using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Komis.Domain.Accounts;

/// <summary>The month a charge is for, written "YYYY-MM".</summary>
public readonly record struct BillingPeriod : IComparable<BillingPeriod>
{
    public BillingPeriod(int year, int month)
    {
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(year), "A billing period is a month between 2000 and 2100.");
        }

        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public DateOnly FirstDay => new(Year, Month, 1);

    public static BillingPeriod FromDate(DateOnly date) => new(date.Year, date.Month);

    public static bool TryParse([NotNullWhen(true)] string? text, out BillingPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-' ||
            !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) ||
            year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return false;
        }

        period = new BillingPeriod(year, month);
        return true;
    }

    public int CompareTo(BillingPeriod other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public override string ToString() => $"{Year:0000}-{Month:00}";
}
