using Komis.Domain.Accounts;
using Komis.Domain.Common;
using Komis.Domain.Payments;
using Komis.Web.Features.Payments;

namespace Komis.UnitTests.Payments;

public sealed class PaymentDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Order_PaidThenReversed_FollowsTheAllowedPath()
    {
        var order = NewOrder(fee: 0.50m);
        var n = 0;

        order.MarkPaid(Now, "REF", () => ReceiptNumber.FromSequence(++n));
        order.Payments[0].Reverse(Now.AddHours(1), "wrong account");

        Assert.Equal(PaymentStatus.Paid, order.Status);
        Assert.Equal(PaymentStatus.Reversed, order.Payments[0].Status);
        Assert.Equal(PaymentStatus.Paid, order.Payments[1].Status);
        Assert.True(ReceiptNumber.IsValid(order.Payments[1].ReceiptNumber));
        Assert.Equal(26.00m, order.Total);
    }

    [Theory]
    [InlineData("decline-then-pay")]
    [InlineData("expire-then-pay")]
    [InlineData("pay-twice")]
    [InlineData("reverse-pending")]
    [InlineData("reverse-twice")]
    [InlineData("expire-paid")]
    public void Order_RefusesEveryOtherMove(string path)
    {
        var order = NewOrder();
        Action move = path switch
        {
            "decline-then-pay" => () => { order.Decline(Now, null); order.MarkPaid(Now, null, () => "000000000018"); },
            "expire-then-pay" => () => { order.Expire(Now); order.MarkPaid(Now, null, () => "000000000018"); },
            "pay-twice" => () => { order.MarkPaid(Now, null, () => "000000000018"); order.MarkPaid(Now, null, () => "000000000026"); },
            "reverse-pending" => () => order.Payments[0].Reverse(Now, "x"),
            "reverse-twice" => () => { order.MarkPaid(Now, null, () => "000000000018"); order.Payments[0].Reverse(Now, "x"); order.Payments[0].Reverse(Now, "x"); },
            "expire-paid" => () => { order.MarkPaid(Now, null, () => "000000000018"); order.Expire(Now); },
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };

        Assert.Equal("payment.transition", Assert.Throws<DomainException>(move).Code);
    }

    [Fact]
    public void Order_NeedsAKey_AndDistinctAccounts()
    {
        Assert.Throws<DomainException>(() => NewOrder(key: ""));
        Assert.Throws<DomainException>(() => new PaymentOrder("k", PaymentChannel.Internet, "x", null, null, null,
            [Line(1, 10m), Line(1, 5m)], 0, Now, TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void Journals_Balance_AndTheReversalIsTheirMirror()
    {
        var order = NewOrder(fee: 1.00m);
        order.MarkPaid(Now, null, () => "000000000018");
        var payment = order.Payments[0];

        var paid = Journals.ForPaid(payment, "AZERIQAZ", LedgerAccounts.AcquirerClearing, Now);
        var reversal = Journals.ForReversal(payment, "AZERIQAZ", LedgerAccounts.AcquirerClearing, Now);

        Assert.Equal(paid.Sum(e => e.Debit), paid.Sum(e => e.Credit));
        Assert.Equal(reversal.Sum(e => e.Debit), reversal.Sum(e => e.Credit));
        Assert.Equal(21.00m, paid.Sum(e => e.Debit));
        foreach (var account in paid.Select(e => e.Account).Distinct())
        {
            Assert.Equal(0, paid.Concat(reversal).Where(e => e.Account == account).Sum(e => e.Debit - e.Credit));
        }

        Assert.Single(paid.Select(e => e.JournalId).Distinct());
        Assert.NotEqual(paid[0].JournalId, reversal[0].JournalId);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(5, 5)]
    [InlineData(0, 0)]
    [InlineData(0, -2)]
    public void LedgerEntry_IsOneSidedAndPositive(double debit, double credit)
    {
        Assert.NotNull(new LedgerEntry(Guid.NewGuid(), null, "x", 10m, 0, "m", Now));
        Assert.Throws<DomainException>(() => new LedgerEntry(Guid.NewGuid(), null, "x", (decimal)debit, (decimal)credit, "m", Now));
    }

    [Fact]
    public void ReceiptNumbers_Are12DigitsWithACheckDigit_AndCatchTypos()
    {
        var number = ReceiptNumber.FromSequence(123456);

        Assert.Equal("000001234566", number);
        Assert.True(ReceiptNumber.IsValid(number));
        Assert.False(ReceiptNumber.IsValid("000001234565"));
        Assert.False(ReceiptNumber.IsValid("00000123456"));
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("12.5", 12.5)]
    [InlineData("12,50", 12.5)]
    [InlineData(" 1 234,56 ", 1234.56)]
    [InlineData("0", 0)]
    public void AmountText_ReadsBothDecimalSeparators(string text, double expected)
    {
        Assert.True(AmountText.TryParse(text, out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1.005")]
    [InlineData("1,2,3")]
    [InlineData("1e3")]
    [InlineData("1000000.01")]
    [InlineData("١٢")]
    [InlineData("12.")]
    public void AmountText_RefusesEverythingElse(string text)
    {
        Assert.False(AmountText.TryParse(text, out _));
    }

    private static PaymentOrder NewOrder(decimal fee = 0, string key = "key-1") =>
        new(key, PaymentChannel.Internet, "KÖMİS internet portalı", Guid.NewGuid(), null, null, [Line(1, 20m), Line(2, 5m)], fee, Now, TimeSpan.FromMinutes(15));

    private static PaymentLine Line(long accountId, decimal amount) =>
        new(1, accountId, "100200300" + accountId, [(new BillingPeriod(2026, 10), amount)]);
}
