using System.Buffers.Binary;
using System.Security.Cryptography;
using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

/// <summary>
/// Staff's authenticator codes (RFC 6238: HMAC-SHA1 over 30-second steps, 6 digits), each good for one sign-in: after a
/// code is accepted, it and every code of an earlier step are refused (RFC 6238 §5.2), so a code read over a shoulder
/// or caught on its way cannot be used again while it is still current. The step before and the step after the
/// server's are accepted, for clocks a little apart. Identity's own provider accepts any of five steps, any number of times.
/// </summary>
/// <remarks>
/// The step is claimed by one conditional UPDATE of the login's row, so two requests racing with the same code cannot
/// both win. A wrong or reused code is a failed attempt like a wrong password (the caller counts it towards lockout).
/// </remarks>
public sealed class OneTimeAuthenticatorTokenProvider(KomisDbContext db, TimeProvider clock) : AuthenticatorTokenProvider<KomisUser>
{
    public const string ProviderName = "KomisAuthenticator";

    private const int StepSeconds = 30;
    private const int Digits = 6;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<KomisUser> manager, KomisUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: Digits } || !token.All(char.IsAsciiDigit) || !TryFromBase32(key, out var secret))
        {
            return false;
        }

        var given = System.Text.Encoding.ASCII.GetBytes(token);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), given))
            {
                continue;
            }

            var claimed = await db.Users
                .Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.TotpLastStep, step));
            if (claimed == 0)
            {
                return false; // this code (or a later one) has been used already
            }

            // The tracked login agrees with its row, without becoming a change of its own: saving it for something
            // else must not write it again (and meet another request's change of the row).
            var entry = db.Entry(user).Property(u => u.TotpLastStep);
            entry.CurrentValue = step;
            entry.OriginalValue = step;
            entry.IsModified = false;
            return true;
        }

        return false;
    }

    /// <summary>The code an authenticator app shows for <paramref name="step"/> (RFC 4226 truncation).</summary>
    internal static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (the authenticator key as Identity stores it and the QR code carries it).</summary>
    internal static bool TryFromBase32(string text, out byte[] bytes)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c));
            if (value < 0)
            {
                bytes = [];
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        bytes = [.. output];
        return bytes.Length > 0;
    }
}
