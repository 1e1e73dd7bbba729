using Komis.Domain.Payments;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Payments;

namespace Komis.Web.ViewModels;

public sealed class PayChooseViewModel
{
    public required CabinetView Cabinet { get; init; }

    public required CheckoutInput Input { get; init; }

    /// <summary>Every outstanding charge chosen, with what is owed.</summary>
    public static CheckoutInput Prefilled(CabinetView cabinet) => new()
    {
        Lines = cabinet.Accounts.Select(a => CheckoutLineInput.PrefilledFor(a.Debt)).ToList(),
    };
}

public sealed class PayConfirmViewModel
{
    public required Quote Quote { get; init; }

    public required CheckoutInput Input { get; init; }

    public required string IdempotencyKey { get; init; }
}

public sealed record PayResultReceipt(string Number, Domain.Common.LocalizedText Biller, string AccountNumber, decimal Total);

public sealed class PayResultViewModel
{
    public required PaymentOrder Order { get; init; }

    public required IReadOnlyList<PayResultReceipt> Receipts { get; init; }

    public bool AcquirerDown { get; init; }
}

public sealed class PaymentHistoryViewModel
{
    public required HistoryFilter Filter { get; init; }

    public required IReadOnlyList<HistoryRow> Rows { get; init; }

    public required IReadOnlyList<BillerOption> Billers { get; init; }
}

public sealed class ReceiptViewModel
{
    public required ReceiptView Receipt { get; init; }

    public required string VerificationUrl { get; init; }

    public required string QrDataUri { get; init; }
}
