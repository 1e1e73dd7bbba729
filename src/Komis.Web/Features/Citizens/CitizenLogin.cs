using Komis.Domain.Subscribers;
using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Citizens;

public sealed class LoginInput
{
    public string? Code { get; set; }

    public string? Password { get; set; }
}

public enum LoginStatus
{
    SignedIn,
    MustChangePassword,

    /// <summary>Wrong code or password, or no such subscriber: one message for all of them.</summary>
    Failed,
    LockedOut,
}

/// <summary>
/// Citizen login with subscriber code and password. Five failures lock the login for 15 minutes; every attempt is
/// logged with its outcome and the client address, never with the password.
/// </summary>
public sealed class CitizenLoginHandler(
    KomisDbContext db,
    UserManager<KomisUser> users,
    SignInManager<KomisUser> signIn,
    Staff.AuditLog audit,
    ILogger<CitizenLoginHandler> logger)
{
    // A hash to verify against when the code is unknown, so an unknown code takes as long as a known one.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<KomisUser>().HashPassword(new KomisUser(), Guid.NewGuid().ToString()));

    public async Task<LoginStatus> HandleAsync(LoginInput input, string? clientAddress)
    {
        var password = input.Password ?? "";
        if (!SubscriberCode.TryParse(input.Code, out var code))
        {
            users.PasswordHasher.VerifyHashedPassword(new KomisUser(), DummyHash.Value, password);
            logger.LogInformation("Citizen login failed: malformed code, from {ClientAddress}", clientAddress);
            return LoginStatus.Failed;
        }

        var user = await users.FindByNameAsync(code.Value);
        var isCitizen = user is not null && await db.Subscribers.AnyAsync(s => s.UserId == user.Id);
        if (user is null || !isCitizen)
        {
            users.PasswordHasher.VerifyHashedPassword(new KomisUser(), DummyHash.Value, password);
            logger.LogInformation("Citizen login failed for {SubscriberCode}: unknown code, from {ClientAddress}", code.Masked, clientAddress);
            return LoginStatus.Failed;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        var actor = new Staff.AuditActor("subscriber " + code.Value, user.Id, null, clientAddress);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Citizen login refused for {SubscriberCode}: locked out, from {ClientAddress}", code.Value, clientAddress);
            await audit.WriteAsync(actor, "citizen.lockout", "sign-in refused: locked out");
            return LoginStatus.LockedOut;
        }

        if (!result.Succeeded)
        {
            logger.LogInformation("Citizen login failed for {SubscriberCode}: wrong password, from {ClientAddress}", code.Value, clientAddress);
            await audit.WriteAsync(actor, "citizen.login-failed", "wrong password");
            return LoginStatus.Failed;
        }

        logger.LogInformation("Citizen {SubscriberCode} signed in from {ClientAddress}", code.Value, clientAddress);
        await audit.WriteAsync(actor, "citizen.login", "signed in");
        return user.MustChangePassword ? LoginStatus.MustChangePassword : LoginStatus.SignedIn;
    }
}
