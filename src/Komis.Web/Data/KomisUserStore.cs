using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Komis.Web.Data;

/// <summary>
/// Identity's EF Core user store, keeping staff's second factor out of reach of anyone who reads the database: the
/// authenticator key encrypted with Data Protection (whose keys are themselves wrapped by a key held outside the
/// database), the recovery codes as keyed hashes (HMAC-SHA256 under the personal-data key, also held outside), so that
/// neither a copy of the database nor a backup gives anybody a staff member's codes. Identity's own store keeps both
/// in the clear. Values stored before (a plain key, plain codes) are still read, and replaced when the authenticator
/// is set up again.
/// </summary>
public sealed class KomisUserStore(KomisDbContext context, IDataProtectionProvider protection, PersonalDataHasher hasher, IdentityErrorDescriber? describer = null)
    : UserStore<KomisUser, IdentityRole<Guid>, KomisDbContext, Guid>(context, describer)
{
    // The names Identity's store gives these tokens (user_tokens rows), so that rows written before are found.
    private const string Provider = "[AspNetUserStore]";
    private const string KeyName = "AuthenticatorKey";
    private const string CodesName = "RecoveryCodes";

    private const string ProtectedKeyPrefix = "dp1:";
    private const string HashedCodePrefix = "h1:";

    private readonly IDataProtector _keys = protection.CreateProtector("Komis.Staff.AuthenticatorKey.v1");

    public override Task SetAuthenticatorKeyAsync(KomisUser user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, KeyName, ProtectedKeyPrefix + _keys.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(KomisUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, Provider, KeyName, cancellationToken);
        return stored is not null && stored.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal)
            ? _keys.Unprotect(stored[ProtectedKeyPrefix.Length..])
            : stored;
    }

    public override Task ReplaceCodesAsync(KomisUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, CodesName, string.Join(';', recoveryCodes.Select(code => Hash(user, code))), cancellationToken);

    /// <summary>Finds the code among the hashes (or a plain code stored before), and removes it: each code works once.</summary>
    public override async Task<bool> RedeemCodeAsync(KomisUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        var stored = (await GetTokenAsync(user, Provider, CodesName, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var hashed = Hash(user, code);
        var match = stored.FirstOrDefault(s => s == hashed || (!s.StartsWith(HashedCodePrefix, StringComparison.Ordinal) && s == code));
        if (match is null)
        {
            return false;
        }

        await SetTokenAsync(user, Provider, CodesName, string.Join(';', stored.Where(s => s != match)), cancellationToken);
        return true;
    }

    private string Hash(KomisUser user, string code) =>
        HashedCodePrefix + Convert.ToBase64String(hasher.RecoveryCode(user.Id, code.Trim().ToUpperInvariant()));
}
