using System.Globalization;
using Komis.Domain.Accounts;

namespace Komis.Web.ViewModels;

/// <summary>How amounts, periods and dates are written in the current UI language.</summary>
public static class Display
{
    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture) + " ₼";

    public static string Period(BillingPeriod period)
    {
        var text = period.FirstDay.ToString("MMMM yyyy", CultureInfo.CurrentCulture);
        return char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
    }

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => at.ToLocalTime().ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
}
