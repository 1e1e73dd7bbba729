using System.Security.Cryptography;
using System.Text;
using Komis.Domain.Billers;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Billers;

/// <summary>The biller who owns a presented API key.</summary>
public sealed record BillerPrincipal(int BillerId, string BillerCode, long KeyId);

/// <summary>
/// Issues and checks biller API keys. A key is "kms_" + a 12-character public prefix + "_" + 32 random characters;
/// only the prefix (to find the row) and the SHA-256 of the whole key are stored. The key carries 190 bits of
/// randomness, so a fast hash is enough: nothing about it can be guessed offline.
/// </summary>
public sealed class BillerApiKeys(KomisDbContext db, TimeProvider clock)
{
    private const string Scheme = "kms_";
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task<string> IssueAsync(string billerCode, CancellationToken cancellationToken = default)
    {
        var code = billerCode.Trim().ToUpperInvariant();
        var biller = await db.Billers.SingleOrDefaultAsync(b => b.Code == code, cancellationToken)
            ?? throw new KeyNotFoundException($"No biller with code '{code}'.");

        var prefix = RandomNumberGenerator.GetString(Alphabet, BillerApiKey.PrefixLength);
        var key = $"{Scheme}{prefix}_{RandomNumberGenerator.GetString(Alphabet, 32)}";
        db.BillerApiKeys.Add(new BillerApiKey(biller.Id, prefix, Hash(key), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public async Task<bool> RevokeAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var key = await db.BillerApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null)
        {
            return false;
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The biller a key belongs to, or null when the key is malformed, unknown or revoked.</summary>
    public async Task<BillerPrincipal?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (presented.Length != Scheme.Length + BillerApiKey.PrefixLength + 1 + 32 || !presented.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = presented.Substring(Scheme.Length, BillerApiKey.PrefixLength);
        var found = await db.BillerApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix && k.RevokedAt == null)
            .Join(db.Billers, k => k.BillerId, b => b.Id, (k, b) => new { k.Id, k.Hash, b.Code, BillerId = b.Id })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.Hash, Hash(presented)))
        {
            return null;
        }

        return new BillerPrincipal(found.BillerId, found.Code, found.Id);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
