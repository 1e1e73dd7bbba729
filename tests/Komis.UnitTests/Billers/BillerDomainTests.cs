using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Common;
using Komis.Web.Data.ReferenceData;

namespace Komis.UnitTests.Billers;

public sealed class BillerDomainTests
{
    private static readonly LocalizedText Text = new("10 rəqəm", "10 цифр", "10 digits");

    [Theory]
    [InlineData("1002003004", true)]
    [InlineData(" 10 0200 3004 ", true)]
    [InlineData("100200300", false)]
    [InlineData("10020030041", false)]
    [InlineData("10020O3004", false)]
    [InlineData("", false)]
    [InlineData("١٠٠٢٠٠٣٠٠٤", false)] // Arabic-Indic digits: \d matches them, an account number never has them
    [InlineData("１００２００３００４", false)] // full-width digits
    [InlineData("100200300\u0664", false)]
    public void AccountFormat_MatchesNormalizedInput(string input, bool expected)
    {
        var format = new AccountNumberFormat("^\\d{10}$", Text, "1002003004");

        Assert.Equal(expected, format.IsValid(AccountNumberFormat.Normalize(input)));
    }

    [Theory]
    [InlineData("\\d{10}")]
    [InlineData("^[0-9$")]
    [InlineData("")]
    public void AccountFormat_RefusesUnanchoredOrBrokenPatterns(string pattern)
    {
        Assert.Throws<DomainException>(() => new AccountNumberFormat(pattern, Text, "1002003004"));
    }

    [Theory]
    [InlineData("^(?=1)\\d{10}$")]
    [InlineData("^(\\d)\\1\\d{8}$")]
    [InlineData("^(?>\\d{10})$")]
    public void AccountFormat_RefusesConstructsTheLinearEngineCannotRun(string pattern)
    {
        var refused = Assert.Throws<DomainException>(() => new AccountNumberFormat(pattern, Text, "1102003004"));
        Assert.Equal("biller.format-pattern", refused.Code);
    }

    [Fact]
    public void AccountFormat_StoredBeforeThatRule_IsStillMatched()
    {
        // What EF does when it loads a row: the private constructor, then the init-only properties.
        var stored = (AccountNumberFormat)Activator.CreateInstance(typeof(AccountNumberFormat), nonPublic: true)!;
        typeof(AccountNumberFormat).GetProperty(nameof(AccountNumberFormat.Pattern))!.SetValue(stored, "^(?=1)\\d{10}$");

        Assert.True(stored.IsValid("1002003004"));
        Assert.False(stored.IsValid("2002003004"));
    }

    [Fact]
    public void AccountFormat_APatternThatWouldBacktrackExponentially_StillMatchesValidInput()
    {
        // Before a number can match the second branch, a backtracking engine spends ~2^33 steps failing the first; under
        // a match timeout it then called a valid number invalid. The linear engine answers at once, and correctly.
        var format = new AccountNumberFormat("^(?:(A+)+B|A+C)$", Text, "AC");

        Assert.True(format.IsValid(new string('A', 33) + "C"));
        Assert.False(format.IsValid(new string('A', 33) + "D"));
    }

    [Fact]
    public void AccountFormat_RefusesAnExampleThatDoesNotMatch()
    {
        Assert.Throws<DomainException>(() => new AccountNumberFormat("^\\d{10}$", Text, "12345"));
    }

    [Fact]
    public void Catalogue_HasTheFourActiveBillersAndFiveConnecting_AllWithValidIbansAndExamples()
    {
        var billers = BillerCatalogue.Create();

        Assert.Equal(["AZERIQAZ", "AZERSU", "AZERENERJI", "BAKIELEKTRIK"], billers.Where(b => b.IsActive).Select(b => b.Code));
        Assert.Equal(["AZERCELL", "BAKCELL", "NAR", "AZTELEKOM", "BAKTELECOM"], billers.Where(b => b.Status == BillerStatus.Connecting).Select(b => b.Code));
        Assert.All(billers, b => Assert.True(Iban.IsValid(b.SettlementIban), b.Code));
        Assert.All(billers, b => Assert.True(b.AccountFormat.IsValid(b.AccountFormat.Example), b.Code));
        Assert.All(billers, b => Assert.Equal((0.01m, 5000m), (b.MinPayment, b.MaxPayment)));
    }

    [Theory]
    [InlineData("AZ21NABZ00000000137010001944", true)]
    [InlineData("AZ22NABZ00000000137010001944", false)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("AZ21NABZ0000000013701000194", false)]
    public void Iban_ChecksTheMod97Digits(string iban, bool expected)
    {
        Assert.Equal(expected, Iban.IsValid(iban));
    }

    [Theory]
    [InlineData("2026-01", true)]
    [InlineData("2026-12", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-00", false)]
    [InlineData("26-10", false)]
    [InlineData("2026/10", false)]
    [InlineData("1999-10", false)]
    [InlineData("+026-10", false)]
    public void BillingPeriod_ParsesOnlyYearDashMonth(string text, bool expected)
    {
        Assert.Equal(expected, BillingPeriod.TryParse(text, out var period));
        if (expected)
        {
            Assert.Equal(text, period.ToString());
        }
    }

    [Theory]
    [InlineData("5HK2P7Q", true)]
    [InlineData("5HK2P7", false)]
    [InlineData("5HK2P7I", false)]
    [InlineData("5HK2P7O", false)]
    [InlineData("5HK-P7Q", false)]
    public void Fin_IsSevenLettersAndDigitsWithoutIAndO(string fin, bool expected)
    {
        Assert.Equal(expected, Fin.IsValid(fin));
    }

    [Fact]
    public void Account_ReplaceSnapshot_UpdatesAddsAndRemovesCharges()
    {
        var account = NewAccount(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            new ChargeData(new BillingPeriod(2026, 9), 10m, new DateOnly(2026, 10, 20)),
            new ChargeData(new BillingPeriod(2026, 10), 20m, new DateOnly(2026, 11, 20)));

        account.ReplaceSnapshot("Yeni Ad", "Bakı", null, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero),
            [new ChargeData(new BillingPeriod(2026, 10), 25m, new DateOnly(2026, 11, 20)), new ChargeData(new BillingPeriod(2026, 11), 5m, new DateOnly(2026, 12, 20))]);

        Assert.Equal(["2026-10", "2026-11"], account.Charges.Select(c => c.Period.ToString()).Order());
        Assert.Equal(30m, account.TotalCharged);
        Assert.Equal("Yeni Ad", account.HolderName);
    }

    [Fact]
    public void Account_ReplaceSnapshot_RefusesOlderData()
    {
        var asOf = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var account = NewAccount(asOf, new ChargeData(new BillingPeriod(2026, 9), 10m, new DateOnly(2026, 10, 20)));

        var ex = Assert.Throws<DomainException>(() => account.ReplaceSnapshot("A", "B", null, asOf.AddSeconds(-1), []));

        Assert.Equal("account.stale", ex.Code);
        Assert.Equal(10m, account.TotalCharged);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.005)]
    public void Account_RefusesNegativeOrSubCentAmounts(double amount)
    {
        Assert.Throws<DomainException>(() =>
            NewAccount(DateTimeOffset.UtcNow, new ChargeData(new BillingPeriod(2026, 9), (decimal)amount, new DateOnly(2026, 10, 20))));
    }

    [Fact]
    public void Account_RefusesADuplicatePeriod()
    {
        var period = new BillingPeriod(2026, 9);
        Assert.Throws<DomainException>(() => NewAccount(DateTimeOffset.UtcNow,
            new ChargeData(period, 1m, new DateOnly(2026, 10, 20)), new ChargeData(period, 2m, new DateOnly(2026, 10, 20))));
    }

    private static BillerAccount NewAccount(DateTimeOffset asOf, params ChargeData[] charges)
    {
        var biller = BillerCatalogue.Create()[0];
        return BillerAccount.Open(biller, "1002003004", "Məmmədov Əli", "Bakı", null, asOf, charges);
    }
}
