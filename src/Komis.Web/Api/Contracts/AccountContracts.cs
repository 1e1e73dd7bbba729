namespace Komis.Web.Api.Contracts;

/// <summary>One open charge as a biller sends it: period "YYYY-MM", amount in AZN, due date.</summary>
public sealed record ChargeInput(string? Period, decimal? Amount, DateOnly? DueDate);

/// <summary>
/// Body of `PUT /api/v1/accounts/{accountNumber}`: the biller's whole view of the account as of <see cref="AsOf"/>.
/// Charges not listed are no longer open.
/// </summary>
public sealed record PutAccountRequest(
    string? HolderName,
    string? Address,
    string? HolderFin,
    DateTimeOffset? AsOf,
    IReadOnlyList<ChargeInput>? Charges);

/// <summary>A charge as Komis sees it: what the biller said, what was paid through Komis since, what is left.</summary>
public sealed record ChargeResponse(string Period, decimal Amount, decimal PaidSinceAsOf, decimal Outstanding, DateOnly DueDate, bool Overdue);

/// <summary>
/// An account as Komis sees it. Online billers answer Komis's real-time query with this same shape
/// (Komis reads accountNumber, holderName, address, holderFin, asOf and the charges' period, amount and dueDate).
/// </summary>
public sealed record AccountResponse(
    string AccountNumber,
    string HolderName,
    string Address,
    string? HolderFin,
    string Status,
    DateTimeOffset AsOf,
    IReadOnlyList<ChargeResponse> Charges,
    decimal Charged,
    decimal PaidSinceAsOf,
    decimal Balance);

/// <summary>The answer to a registry upload. <c>ChargesUpdated</c> counts charges whose amount or due date changed; a charge repeated unchanged is in neither count.</summary>
public sealed record RegistryImportResponse(
    long Rows,
    long AccountsCreated,
    long AccountsUpdated,
    long ChargesCreated,
    long ChargesUpdated,
    long ChargesRemoved);

/// <summary>One rejected line of a registry.</summary>
public sealed record RegistryLineError(long Line, string Field, string Message);

/// <summary>
/// A payment event as the biller pulls it (the same body the webhook posts, plus the cursor and whether it was
/// already delivered or acknowledged).
/// </summary>
public sealed record PaymentItem(
    string Cursor,
    string Event,
    Guid PaymentId,
    string ReceiptNumber,
    string AccountNumber,
    decimal Amount,
    string Currency,
    IReadOnlyList<Features.Payments.PeriodAmount> Periods,
    DateTimeOffset PaidAt,
    string Channel,
    string ServicePoint,
    DateTimeOffset? ReversedAt,
    string? ReversalReason,
    bool Delivered);

public sealed record PaymentPage(IReadOnlyList<PaymentItem> Items, string? Next);

public sealed record AckRequest(string? UpTo);

public sealed record AckResponse(int Acknowledged);
