using System.Collections.Concurrent;
using System.Globalization;
using Komis.Domain.Accounts;

namespace Komis.Web.ViewModels;

/// <summary>How amounts, periods and dates are written in the current UI language, in Baku time.</summary>
public static class Display
{
    /// <summary>Azerbaijan's time zone (UTC+4, no daylight saving); whatever the server's own zone is.</summary>
    public static readonly TimeZoneInfo Baku = FindBaku();

    /// <summary>"30,00 AZN" (the manat sign ₼ is missing from many fonts, printers included).</summary>
    public static string Money(decimal amount)
    {
        const string Currency = " AZN";
        Span<char> text = stackalloc char[64];
        if (amount.TryFormat(text, out var length, "N2", CultureInfo.CurrentCulture) && length + Currency.Length <= text.Length)
        {
            Currency.CopyTo(text[length..]);
            return new string(text[..(length + Currency.Length)]);
        }

        return amount.ToString("N2", CultureInfo.CurrentCulture) + Currency;
    }

    /// <summary>"Oktyabr 2026": the month's name capitalised. Kept per language and month once written (a page shows dozens).</summary>
    public static string Period(BillingPeriod period)
    {
        var culture = CultureInfo.CurrentCulture;
        return Periods.GetOrAdd((culture.Name, period), static (key, culture) =>
        {
            var text = key.Period.FirstDay.ToString("MMMM yyyy", culture);
            return char.ToUpper(text[0], culture) + text[1..];
        }, culture);
    }

    /// <summary>Periods run from 2000 to 2100 and the UI has three languages: at most 3,636 entries.</summary>
    private static readonly ConcurrentDictionary<(string Culture, BillingPeriod Period), string> Periods = new();

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM-dd: a date in a link or a date input's value.</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Baku).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Baku).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider clock) => BakuDate(clock.GetUtcNow());

    /// <summary>The Baku calendar day of a moment.</summary>
    public static DateOnly BakuDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Baku).DateTime);

    private static TimeZoneInfo FindBaku()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Baku", TimeSpan.FromHours(4), "Baku", "Baku");
        }
    }
}
