using System.Globalization;
using CsCheck;
using Komis.Domain.Accounts;
using Komis.Web.ViewModels;

namespace Komis.UnitTests.ViewModels;

/// <summary>Display's amounts and periods, in each UI language, against the plain formatting they stand for.</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("az")]
    [InlineData("ru")]
    [InlineData("en")]
    public void MoneyAndPeriods_AreWrittenAsPlainFormattingWouldWriteThem(string language)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(language);
            Gen.Decimal[-99_999_999_999m, 99_999_999_999m].Select(d => Math.Round(d, 2)).Sample(amount =>
                Display.Money(amount) == amount.ToString("N2", CultureInfo.CurrentCulture) + " AZN", iter: 5_000, threads: 1);
            Gen.Int[2000, 2100].Select(Gen.Int[1, 12]).Sample((year, month) =>
            {
                var text = new DateOnly(year, month, 1).ToString("MMMM yyyy", CultureInfo.CurrentCulture);
                var expected = char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
                return Display.Period(new BillingPeriod(year, month)) == expected && Display.Period(new BillingPeriod(year, month)) == expected;
            }, iter: 2_000, threads: 1);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void APeriod_IsWrittenInTheLanguageOfTheMoment()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("en");
            var english = Display.Period(new BillingPeriod(2026, 10));
            CultureInfo.CurrentCulture = new CultureInfo("az");
            var azerbaijani = Display.Period(new BillingPeriod(2026, 10));

            Assert.Equal("October 2026", english);
            Assert.Equal("Oktyabr 2026", azerbaijani);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
