using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Debts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Features.Payments;

/// <summary>"Komis:Payments".</summary>
public sealed class PaymentOptions
{
    public const string Section = "Komis:Payments";

    /// <summary>The channel fee per payment (per account paid), in AZN, by channel.</summary>
    public Dictionary<PaymentChannel, decimal> Fees { get; set; } = new();

    /// <summary>How long a card order may stay unpaid before it expires.</summary>
    public TimeSpan OrderLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Runs the expiry job in this instance (off only in tests, which run it themselves).</summary>
    public bool ExpiryEnabled { get; set; } = true;

    public decimal FeeFor(PaymentChannel channel) => Fees.GetValueOrDefault(channel);
}

/// <summary>The form of the pay page: per account, the chosen charges with their amounts, and an advance.</summary>
public sealed class CheckoutInput
{
    public List<CheckoutLineInput> Lines { get; set; } = [];
}

public sealed class CheckoutLineInput
{
    /// <summary>An account's line with every outstanding charge chosen at what is owed (how the pay forms start).</summary>
    public static CheckoutLineInput PrefilledFor(AccountDebt debt) => new()
    {
        AccountId = debt.AccountId,
        Charges = debt.Charges.Where(c => c.Outstanding > 0).Select(c => new ChargeChoice
        {
            Period = c.Period.ToString(),
            Selected = true,
            Amount = AmountText.Format(c.Outstanding),
        }).ToList(),
    };

    public long AccountId { get; set; }

    public List<ChargeChoice> Charges { get; set; } = [];

    /// <summary>An amount paid in advance (or on an account that owes nothing).</summary>
    public string? Advance { get; set; }
}

public sealed class ChargeChoice
{
    public string? Period { get; set; }

    public bool Selected { get; set; }

    public string? Amount { get; set; }
}

/// <summary>One account as it will be paid.</summary>
public sealed record QuoteLine(AccountDebt Debt, IReadOnlyList<(BillingPeriod? Period, decimal Amount)> Allocations, decimal Amount, decimal Fee)
{
    public decimal Total => Amount + Fee;
}

/// <summary>What the payer confirms before any money moves.</summary>
public sealed record Quote(IReadOnlyList<QuoteLine> Lines)
{
    public decimal Amount => Lines.Sum(l => l.Amount);

    public decimal Fee => Lines.Sum(l => l.Fee);

    public decimal Total => Amount + Fee;
}

/// <summary>A problem with the payer's choice: a resource key and the form field it belongs to.</summary>
public sealed record CheckoutError(string Field, string Key, object[] Arguments);

/// <summary>
/// Turns the pay form into a quote: only accounts the payer may pay (the citizen's own links, or any account at a
/// branch), amounts read in either decimal notation, each period at most what is owed, and each account's total
/// within its biller's minimum and maximum.
/// </summary>
public sealed class CheckoutHandler(KomisDbContext db, DebtQuery debts, IOptions<PaymentOptions> options)
{
    public const int MaxLines = PaymentOrder.MaxLines;

    public async Task<(Quote? Quote, IReadOnlyList<CheckoutError> Errors)> QuoteAsync(
        CheckoutInput input, IReadOnlySet<long>? allowedAccounts, PaymentChannel channel, CancellationToken cancellationToken)
    {
        var errors = new List<CheckoutError>();
        if (input.Lines.Count is 0 or > MaxLines || input.Lines.Any(l => l.Charges.Count > BillerAccount.MaxCharges))
        {
            return (null, [new CheckoutError("", "Pay.Error.NothingChosen", [])]);
        }

        var ids = input.Lines.Select(l => l.AccountId).Distinct().ToList();
        if (ids.Count != input.Lines.Count || (allowedAccounts is not null && ids.Any(id => !allowedAccounts.Contains(id))))
        {
            return (null, [new CheckoutError("", "Pay.Error.NotYourAccount", [])]);
        }

        var found = (await debts.GetManyAsync(ids, askOnlineBillers: false, cancellationToken)).ToDictionary(d => d.AccountId);
        var fee = options.Value.FeeFor(channel);
        var lines = new List<QuoteLine>();
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var line = input.Lines[i];
            if (!found.TryGetValue(line.AccountId, out var debt))
            {
                errors.Add(new CheckoutError($"Lines[{i}]", "Pay.Error.NotYourAccount", []));
                continue;
            }

            if (!debt.Biller.IsActive)
            {
                errors.Add(new CheckoutError($"Lines[{i}]", "Pay.Error.BillerNotActive", [debt.Biller.Name.Current]));
                continue;
            }

            var allocations = new List<(BillingPeriod? Period, decimal Amount)>();
            for (var j = 0; j < line.Charges.Count; j++)
            {
                var choice = line.Charges[j];
                if (!choice.Selected)
                {
                    continue;
                }

                var field = $"Lines[{i}].Charges[{j}].Amount";
                var charge = BillingPeriod.TryParse(choice.Period, out var period) ? debt.Charges.FirstOrDefault(c => c.Period == period) : null;
                if (charge is null || charge.Outstanding == 0)
                {
                    errors.Add(new CheckoutError(field, "Pay.Error.UnknownPeriod", []));
                }
                else if (!AmountText.TryParse(choice.Amount, out var amount) || amount == 0)
                {
                    errors.Add(new CheckoutError(field, "Pay.Error.Amount", []));
                }
                else if (amount > charge.Outstanding)
                {
                    errors.Add(new CheckoutError(field, "Pay.Error.MoreThanOwed", [ViewModels.Display.Money(charge.Outstanding)]));
                }
                else if (allocations.Any(a => a.Period == period))
                {
                    errors.Add(new CheckoutError(field, "Pay.Error.UnknownPeriod", []));
                }
                else
                {
                    allocations.Add((period, amount));
                }
            }

            if (!string.IsNullOrWhiteSpace(line.Advance))
            {
                if (!AmountText.TryParse(line.Advance, out var advance))
                {
                    errors.Add(new CheckoutError($"Lines[{i}].Advance", "Pay.Error.Amount", []));
                }
                else if (advance > 0)
                {
                    allocations.Add((null, advance));
                }
            }

            var total = allocations.Sum(a => a.Amount);
            if (total == 0)
            {
                continue; // an account the payer chose nothing on
            }

            if (total < debt.Biller.MinPayment || total > debt.Biller.MaxPayment)
            {
                errors.Add(new CheckoutError($"Lines[{i}]", "Pay.Error.Limits",
                    [debt.Biller.Name.Current, ViewModels.Display.Money(debt.Biller.MinPayment), ViewModels.Display.Money(debt.Biller.MaxPayment)]));
                continue;
            }

            lines.Add(new QuoteLine(debt, allocations, total, fee));
        }

        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new CheckoutError("", "Pay.Error.NothingChosen", []));
        }

        return errors.Count > 0 ? (null, errors) : (new Quote(lines), []);
    }

    /// <summary>The order for a confirmed quote (not yet stored).</summary>
    public PaymentOrder ToOrder(Quote quote, string idempotencyKey, PaymentChannel channel, string servicePoint, Guid? subscriberId, Guid? branchId, Guid? tellerId, DateTimeOffset now) =>
        new(idempotencyKey, channel, servicePoint, subscriberId, branchId, tellerId,
            quote.Lines.Select(l => new PaymentLine(l.Debt.Biller.Id, l.Debt.AccountId, l.Debt.AccountNumber, l.Allocations)).ToList(),
            options.Value.FeeFor(channel), now, options.Value.OrderLifetime);

    /// <summary>The accounts a subscriber may pay online: their own links.</summary>
    public async Task<HashSet<long>> LinkedAccountsAsync(Guid subscriberId, CancellationToken cancellationToken) =>
        (await db.SubscriberAccounts.Where(l => l.SubscriberId == subscriberId).Select(l => l.BillerAccountId).ToListAsync(cancellationToken)).ToHashSet();
}
