using System.Security.Cryptography;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Features.Registration;

/// <summary>
/// Ties a registration draft to one browser: its id travels only inside an encrypted, HttpOnly cookie, so no
/// other browser can continue the registration or open its sheet.
/// </summary>
public sealed class RegistrationDraftStore(
    IDataProtectionProvider protection,
    IOptions<SecurityOptions> security,
    KomisDbContext db,
    TimeProvider clock)
{
    public const string CookieName = "komis-registration";
    private const string Purpose = "Komis.RegistrationDraft.v1";

    private string Name => security.Value.SecureCookies ? "__Host-" + CookieName : CookieName;

    public void Remember(HttpResponse response, Guid draftId) =>
        response.Cookies.Append(Name, protection.CreateProtector(Purpose).Protect(draftId.ToString()), new CookieOptions
        {
            HttpOnly = true,
            Secure = security.Value.SecureCookies,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
            MaxAge = IdentityStepHandler.DraftLifetime,
        });

    public void Forget(HttpResponse response) => response.Cookies.Delete(Name, new CookieOptions { Path = "/", Secure = security.Value.SecureCookies });

    public Guid? DraftIdOf(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Guid.TryParse(protection.CreateProtector(Purpose).Unprotect(value), out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The browser's draft when it exists and has not expired (tracked, for changes).</summary>
    public async Task<RegistrationDraft?> LoadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var id = DraftIdOf(request);
        if (id is null)
        {
            return null;
        }

        var draft = await db.RegistrationDrafts.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return draft is null || draft.IsExpired(clock.GetUtcNow()) ? null : draft;
    }

    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    /// <summary>The accounts chosen so far, for display: biller name, number, address.</summary>
    public async Task<IReadOnlyList<DraftAccount>> AccountsOfAsync(RegistrationDraft draft, CancellationToken cancellationToken)
    {
        var ids = draft.AccountIds.ToList();
        var rows = await db.BillerAccounts.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Join(db.Billers, a => a.BillerId, b => b.Id, (a, b) => new DraftAccount(a.Id, b.Name, a.AccountNumber, a.Address))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => ids.IndexOf(r.BillerAccountId)).ToList();
    }
}

public sealed record DraftAccount(long BillerAccountId, Domain.Common.LocalizedText Biller, string AccountNumber, string Address);
