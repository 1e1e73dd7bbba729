using System.Security.Cryptography;
using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Registration;

public sealed record SheetAccount(string Biller, string AccountNumber, string Address);

/// <summary>Qeydiyyat vərəqəsi: everything printed for the citizen, the initial password included.</summary>
public sealed record RegistrationSheet(
    string Code,
    string CodeGrouped,
    string FullName,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<SheetAccount> Accounts,
    string InitialPassword,
    RegistrationChannel Channel);

/// <summary>
/// Builds the sheet from a completed draft while its time-limited password is still readable (15 minutes);
/// after that, or from another browser (no draft cookie), there is no sheet: the password exists nowhere in clear.
/// </summary>
public sealed class RegistrationSheetQuery(KomisDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    public async Task<RegistrationSheet?> GetAsync(Guid draftId, CancellationToken cancellationToken)
    {
        var draft = await db.RegistrationDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == draftId, cancellationToken);
        if (draft is not { SubscriberId: { } subscriberId, ProtectedSheetPassword: { } protectedPassword } || draft.IsExpired(clock.GetUtcNow()))
        {
            return null;
        }

        string password;
        try
        {
            password = protection.CreateProtector(CompleteRegistrationHandler.SheetProtectorPurpose).ToTimeLimitedDataProtector().Unprotect(protectedPassword);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var subscriber = await db.Subscribers.AsNoTracking().Include(s => s.Accounts).SingleAsync(s => s.Id == subscriberId, cancellationToken);
        var accountIds = subscriber.Accounts.Select(a => a.BillerAccountId).ToList();
        var accounts = await db.BillerAccounts.AsNoTracking()
            .Where(a => accountIds.Contains(a.Id))
            .Join(db.Billers, a => a.BillerId, b => b.Id, (a, b) => new { b.Name, a.AccountNumber, a.Address, a.Id })
            .ToListAsync(cancellationToken);
        SubscriberCode.TryParse(subscriber.Code, out var code);
        return new RegistrationSheet(
            subscriber.Code,
            code.Grouped,
            subscriber.FullName,
            subscriber.RegisteredAt,
            accounts.OrderBy(a => accountIds.IndexOf(a.Id)).Select(a => new SheetAccount(a.Name.Current, a.AccountNumber, a.Address)).ToList(),
            password,
            subscriber.Channel);
    }
}

/// <summary>Deletes expired drafts (and with them any sheet password) every few minutes; safe on many nodes.</summary>
internal sealed class RegistrationDraftCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RegistrationDraftCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DatabaseRounds.RepeatAsync(TimeSpan.FromMinutes(5), clock, logger, "Registration draft cleanup", async cancellationToken =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
            var now = clock.GetUtcNow();
            var deleted = await db.RegistrationDrafts.Where(d => d.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} expired registration draft(s)", deleted);
            }
        }, stoppingToken);
    }
}
