using System.Globalization;
using Komis.Domain.Accounts;

namespace Komis.Web.ViewModels;

/// <summary>How amounts, periods and dates are written in the current UI language, in Baku time.</summary>
public static class Display
{
    /// <summary>Azerbaijan's time zone (UTC+4, no daylight saving); whatever the server's own zone is.</summary>
    public static readonly TimeZoneInfo Baku = FindBaku();

    /// <summary>"30,00 AZN" (the manat sign ₼ is missing from many fonts, printers included).</summary>
    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture) + " AZN";

    public static string Period(BillingPeriod period)
    {
        var text = period.FirstDay.ToString("MMMM yyyy", CultureInfo.CurrentCulture);
        return char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
    }

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Baku).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Baku).DateTime);

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
