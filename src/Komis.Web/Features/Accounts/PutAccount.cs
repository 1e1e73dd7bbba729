using FluentValidation;
using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Common;
using Komis.Web.Api.Contracts;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Accounts;

public sealed class PutAccountValidator : AbstractValidator<PutAccountRequest>
{
    /// <summary>Upper bound of one charge: far above any household bill, low enough to catch a misplaced decimal point.</summary>
    public const decimal MaxChargeAmount = 1_000_000m;

    private static bool NoControlCharacters(string? text) => text is null || !text.Any(char.IsControl);

    public PutAccountValidator(TimeProvider clock)
    {
        RuleFor(r => r.HolderName).NotEmpty().MaximumLength(BillerAccount.HolderNameMaxLength)
            .Must(NoControlCharacters).WithMessage("No control characters.");
        RuleFor(r => r.Address).NotNull().MaximumLength(BillerAccount.AddressMaxLength)
            .Must(NoControlCharacters).WithMessage("No control characters.");
        RuleFor(r => r.HolderFin).Must(f => Fin.IsValid(Fin.Normalize(f)))
            .When(r => !string.IsNullOrWhiteSpace(r.HolderFin))
            .WithMessage("A FIN is 7 Latin letters and digits without I and O.");
        RuleFor(r => r.AsOf).NotNull()
            .Must(a => a <= clock.GetUtcNow().AddMinutes(5)).WithMessage("'asOf' is in the future.");
        RuleFor(r => r.Charges).NotNull()
            .Must(c => c!.Count <= BillerAccount.MaxCharges).WithMessage($"At most {BillerAccount.MaxCharges} open charges.")
            .Must(c => c!.Where(x => x.Period is not null).GroupBy(x => x.Period).All(g => g.Count() == 1))
            .WithMessage("A period appears more than once.");
        RuleForEach(r => r.Charges).ChildRules(charge =>
        {
            charge.RuleFor(c => c.Period).NotEmpty()
                .Must(p => BillingPeriod.TryParse(p, out _)).WithMessage("The period is written YYYY-MM.");
            charge.RuleFor(c => c.Amount).NotNull()
                .GreaterThanOrEqualTo(0).LessThanOrEqualTo(MaxChargeAmount)
                .Must(a => a is null || Money.HasAtMostTwoDecimals(a.Value)).WithMessage("At most two decimals.");
            charge.RuleFor(c => c.DueDate).NotNull();
        });
    }
}

public enum PutAccountOutcome
{
    Created,
    Updated,
    InvalidAccountNumber,
    Stale,
}

/// <summary>Creates or replaces one account and its open charges with a biller's snapshot.</summary>
public sealed class PutAccountHandler(KomisDbContext db)
{
    public async Task<PutAccountOutcome> HandleAsync(int billerId, string accountNumber, PutAccountRequest request, CancellationToken cancellationToken)
    {
        var biller = await db.Billers.SingleAsync(b => b.Id == billerId, cancellationToken);
        var normalized = AccountNumberFormat.Normalize(accountNumber);
        if (!biller.AccountFormat.IsValid(normalized))
        {
            return PutAccountOutcome.InvalidAccountNumber;
        }

        var charges = request.Charges!
            .Select(c => new ChargeData(Parse(c.Period), c.Amount!.Value, c.DueDate!.Value))
            .ToList();

        // While a registry import of this biller runs, the PUT waits for it (and an import waits for running PUTs):
        // an account is never half from the registry and half from a PUT. EF Core's savepoint around SaveChanges keeps
        // the transaction usable for the retry below.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({Registry.RegistryImport.LockSpace}, {billerId})", cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var account = await db.BillerAccounts.Include(a => a.Charges)
                .SingleOrDefaultAsync(a => a.BillerId == billerId && a.AccountNumber == normalized, cancellationToken);
            try
            {
                if (account is null)
                {
                    db.BillerAccounts.Add(BillerAccount.Open(biller, normalized, request.HolderName!, request.Address!, request.HolderFin, request.AsOf!.Value, charges));
                }
                else
                {
                    account.ReplaceSnapshot(request.HolderName!, request.Address!, request.HolderFin, request.AsOf!.Value, charges);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return account is null ? PutAccountOutcome.Created : PutAccountOutcome.Updated;
            }
            catch (DomainException ex) when (ex.Code == "account.stale")
            {
                return PutAccountOutcome.Stale;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another request created the same account a moment ago: apply this snapshot to it instead.
                db.ChangeTracker.Clear();
                biller = await db.Billers.SingleAsync(b => b.Id == billerId, cancellationToken);
            }
        }
    }

    private static BillingPeriod Parse(string? period) =>
        BillingPeriod.TryParse(period, out var parsed) ? parsed : throw new ArgumentException("validated before", nameof(period));
}
