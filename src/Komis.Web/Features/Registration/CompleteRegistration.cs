using Komis.Domain.Accounts;
using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Data;
using Komis.Web.Data.Configurations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Registration;

public enum CompleteStatus
{
    Completed,

    /// <summary>The draft was completed before (a double submit, a refresh): nothing new was created.</summary>
    AlreadyCompleted,
    Expired,
    NoAccounts,
    AlreadyRegistered,
}

public sealed record CompleteResult(CompleteStatus Status, string? MaskedExistingCode = null);

/// <summary>
/// Issues the subscriber code and the initial password, creates the login (flagged to change its password) and
/// links the accounts: all in one transaction, with the draft row locked, so a double submit creates one subscriber.
/// </summary>
public sealed class CompleteRegistrationHandler(
    KomisDbContext db,
    UserManager<KomisUser> users,
    SubscriberCodeGenerator codes,
    IDataProtectionProvider protection,
    TimeProvider clock,
    ILogger<CompleteRegistrationHandler> logger)
{
    public const string SheetProtectorPurpose = "Komis.RegistrationSheet.v1";
    public static readonly TimeSpan SheetLifetime = TimeSpan.FromMinutes(15);

    public async Task<CompleteResult> HandleAsync(Guid draftId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var draft = await db.RegistrationDrafts
            .FromSql($"SELECT * FROM registration_drafts WHERE id = {draftId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (draft is null || draft.IsExpired(now))
        {
            return new CompleteResult(CompleteStatus.Expired);
        }

        if (draft.IsCompleted)
        {
            return new CompleteResult(CompleteStatus.AlreadyCompleted);
        }

        if (draft.AccountIds.Count == 0)
        {
            return new CompleteResult(CompleteStatus.NoAccounts);
        }

        var existing = await db.Subscribers.Where(s => s.FinHash == draft.FinHash).Select(s => s.Code).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new CompleteResult(CompleteStatus.AlreadyRegistered, SubscriberCode.TryParse(existing, out var c) ? c.Masked : null);
        }

        var code = await NextFreeCodeAsync(cancellationToken);
        var password = InitialPassword.Generate();
        var user = new KomisUser { UserName = code.Value, MustChangePassword = true, CreatedAt = now, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The login could not be created: " + string.Join(", ", created.Errors.Select(e => e.Code)));
        }

        var subscriber = new Subscriber(user.Id, code, draft.FullName, draft.FinHash, draft.IdCardHash, draft.IdCardMasked, draft.Channel, now);
        var existingAccounts = await db.BillerAccounts.Where(a => draft.AccountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var accountId in draft.AccountIds.Where(existingAccounts.Contains))
        {
            subscriber.Link(accountId, now);
        }

        db.Subscribers.Add(subscriber);
        var protector = protection.CreateProtector(SheetProtectorPurpose).ToTimeLimitedDataProtector();
        draft.Complete(subscriber.Id, protector.Protect(password, SheetLifetime), now, SheetLifetime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_subscribers_fin_hash" })
        {
            // The same person completed another registration at the same moment.
            return new CompleteResult(CompleteStatus.AlreadyRegistered);
        }

        logger.LogInformation("Subscriber {Code} registered ({Channel}, {Accounts} account(s))", code.Value, draft.Channel, subscriber.Accounts.Count);
        return new CompleteResult(CompleteStatus.Completed);
    }

    private async Task<SubscriberCode> NextFreeCodeAsync(CancellationToken cancellationToken)
    {
        // The permutation never repeats for one key; the check covers a key that was changed.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var n = await db.Database.SqlQueryRaw<long>($"SELECT nextval('{SubscriberConfiguration.CodeSequence}') AS \"Value\"").SingleAsync(cancellationToken);
            var code = codes.ForSequence(n);
            if (!await db.Subscribers.AnyAsync(s => s.Code == code.Value, cancellationToken))
            {
                return code;
            }
        }

        throw new DomainException("subscriber.code-space", "No free subscriber code was found.");
    }
}
