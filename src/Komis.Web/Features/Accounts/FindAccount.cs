using System.Security.Cryptography;
using FluentValidation;
using Komis.Domain.Billers;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Komis.Web.Features.Debts;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Accounts;

/// <summary>A biller and an account number as a citizen or a teller types them.</summary>
public sealed class FindAccountInput
{
    public string? Biller { get; set; }

    public string? AccountNumber { get; set; }
}

public sealed class FindAccountValidator : AbstractValidator<FindAccountInput>
{
    public FindAccountValidator()
    {
        RuleFor(x => x.Biller).NotEmpty().WithMessage("FindAccount.Error.BillerMissing");
        RuleFor(x => x.AccountNumber).NotEmpty().WithMessage("FindAccount.Error.NumberMissing")
            .MaximumLength(64).WithMessage("FindAccount.Error.NumberFormat");
    }
}

public enum FindAccountStatus
{
    Found,
    UnknownBiller,
    BillerConnecting,
    WrongFormat,
    NotFound,
    BelongsToSomeoneElse,
}

/// <summary>What the citizen sees to confirm the account is theirs: the holder name masked, the address as the biller has it.</summary>
public sealed record FoundAccount(long BillerAccountId, Biller Biller, string AccountNumber, string MaskedHolderName, string Address, DebtFreshness Freshness, DateTimeOffset AsOf);

public sealed record FindAccountResult(FindAccountStatus Status, FoundAccount? Account = null, Biller? Biller = null);

/// <summary>
/// Finds a biller account to link: checks the biller's format, asks an online biller in real time, and refuses an
/// account whose holder FIN (when the biller has one) is not the person's.
/// </summary>
public sealed class FindAccountHandler(KomisDbContext db, DebtQuery debts, PersonalDataHasher hasher)
{
    public async Task<FindAccountResult> HandleAsync(FindAccountInput input, byte[]? personFinHash, CancellationToken cancellationToken)
    {
        var code = (input.Biller ?? "").Trim().ToUpperInvariant();
        var biller = await db.Billers.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (biller is null)
        {
            return new FindAccountResult(FindAccountStatus.UnknownBiller);
        }

        if (!biller.IsActive)
        {
            return new FindAccountResult(FindAccountStatus.BillerConnecting, Biller: biller);
        }

        var number = AccountNumberFormat.Normalize(input.AccountNumber);
        if (!biller.AccountFormat.IsValid(number))
        {
            return new FindAccountResult(FindAccountStatus.WrongFormat, Biller: biller);
        }

        var debt = await debts.GetAsync(biller.Id, number, askOnlineBiller: true, cancellationToken);
        if (debt is null)
        {
            return new FindAccountResult(FindAccountStatus.NotFound, Biller: biller);
        }

        if (personFinHash is not null && debt.HolderFin is not null &&
            !CryptographicOperations.FixedTimeEquals(hasher.Fin(debt.HolderFin), personFinHash))
        {
            return new FindAccountResult(FindAccountStatus.BelongsToSomeoneElse, Biller: biller);
        }

        return new FindAccountResult(FindAccountStatus.Found, new FoundAccount(
            debt.AccountId, biller, debt.AccountNumber, Mask.Name(debt.HolderName), debt.Address, debt.Freshness, debt.AsOf), biller);
    }
}
