using System.Security.Cryptography;
using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Komis.Web.Features.Registration;
using Komis.Web.Integrations.IdentityRegistry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

public enum ReissueStatus
{
    Reissued,
    CardDoesNotMatch,
    RegistryUnavailable,
    NotFound,
}

/// <summary>
/// A new initial password for a subscriber who forgot theirs, after the teller checked the ID card: the card and FIN
/// must be confirmed by the identity registry and be this subscriber's. The old password stops working at once (new
/// hash, new security stamp), the login must change the new one at the next sign-in, and a new sheet is printed.
/// </summary>
public sealed class PasswordReissueHandler(
    KomisDbContext db,
    UserManager<KomisUser> users,
    IdentityRegistryClient registry,
    PersonalDataHasher hasher,
    IDataProtectionProvider protection,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<(ReissueStatus Status, Guid? DraftId)> ReissueAsync(AuditActor teller, Guid branchId, string subscriberCode, IdentityStepInput card, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.Include(s => s.Accounts).SingleOrDefaultAsync(s => s.Code == subscriberCode, cancellationToken);
        if (subscriber is null || !IdCard.TryParse(card.Series, card.Number, out var idCard, out _))
        {
            return (ReissueStatus.NotFound, null);
        }

        var fin = Fin.Normalize(card.Fin);
        if (!CryptographicOperations.FixedTimeEquals(hasher.Fin(fin), subscriber.FinHash))
        {
            await audit.WriteAsync(teller, "subscriber.password-reissue-refused", $"subscriber {subscriber.Code}: the card is not the subscriber's", cancellationToken);
            return (ReissueStatus.CardDoesNotMatch, null);
        }

        var check = await registry.VerifyAsync(idCard, fin, cancellationToken);
        if (check.Status == IdentityCheckStatus.Unavailable)
        {
            return (ReissueStatus.RegistryUnavailable, null);
        }

        if (check.Status != IdentityCheckStatus.Valid)
        {
            await audit.WriteAsync(teller, "subscriber.password-reissue-refused", $"subscriber {subscriber.Code}: the registry did not confirm the card", cancellationToken);
            return (ReissueStatus.CardDoesNotMatch, null);
        }

        var user = await users.FindByIdAsync(subscriber.UserId.ToString()) ?? throw new InvalidOperationException("The subscriber has no login.");
        var password = InitialPassword.Generate();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password); // also renews the security stamp: other sessions end
        if (!reset.Succeeded)
        {
            throw new InvalidOperationException("Password reset failed: " + string.Join(", ", reset.Errors.Select(e => e.Code)));
        }

        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        subscriber.UpdateIdCard(hasher.IdCard(idCard), idCard.Masked);

        // The new sheet goes through a completed draft, exactly like a registration's.
        var now = clock.GetUtcNow();
        var draft = new RegistrationDraft(subscriber.FullName, subscriber.FinHash, subscriber.IdCardHash, subscriber.IdCardMasked, RegistrationChannel.Branch, now, IdentityStepHandler.DraftLifetime);
        draft.AtBranch(branchId);
        foreach (var link in subscriber.Accounts)
        {
            draft.AddAccount(link.BillerAccountId);
        }

        var protector = protection.CreateProtector(CompleteRegistrationHandler.SheetProtectorPurpose).ToTimeLimitedDataProtector();
        draft.Complete(subscriber.Id, protector.Protect(password, CompleteRegistrationHandler.SheetLifetime), now, CompleteRegistrationHandler.SheetLifetime, requireAccounts: false);
        db.RegistrationDrafts.Add(draft);
        audit.Add(teller, "subscriber.password-reissued", $"subscriber {subscriber.Code}: new initial password after an ID card check");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (ReissueStatus.Reissued, draft.Id);
    }
}
