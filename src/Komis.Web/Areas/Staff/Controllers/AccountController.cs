using System.Text;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>
/// Staff sign-in: user name and password, then a TOTP code from an authenticator app. At the first sign-in the app is
/// set up with a QR code and recovery codes are shown once. Every attempt is audited (never the password).
/// </summary>
[Area("Staff")]
[AutoValidateAntiforgeryToken]
[Route("staff")]
public sealed class AccountController(
    UserManager<KomisUser> users,
    SignInManager<KomisUser> signIn,
    KomisDbContext db,
    AuditLog audit,
    IDataProtectionProvider protection,
    IOptions<SecurityOptions> security,
    TimeProvider clock) : Controller
{
    /// <summary>The "password checked, second factor pending" mark: an encrypted, 5-minute, HttpOnly cookie.</summary>
    private const string PendingCookie = "komis-staff-2fa";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    [AllowAnonymous]
    [HttpGet("")]
    public IActionResult Index() => User.HasClaim(c => c.Type == StaffClaims.Role) ? Redirect(HomeOf(User)) : Redirect("/staff/giris");

    [AllowAnonymous]
    [HttpGet("giris")]
    public IActionResult Login() => View();

    [AllowAnonymous]
    [HttpPost("giris")]
    [EnableRateLimiting(Configuration.CitizensConfig.LoginRateLimit)]
    public async Task<IActionResult> Login([FromForm] string? userName, [FromForm] string? password)
    {
        var name = (userName ?? "").Trim();
        var user = name.Length is > 0 and <= 64 ? await users.FindByNameAsync(name) : null;
        var isStaff = user is not null && await db.StaffMembers.AnyAsync(s => s.UserId == user.Id && s.IsActive);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (user is null || !isStaff)
        {
            await audit.WriteAsync(new AuditActor(name.Length > 64 ? name[..64] : name, null, null, address), "staff.login-failed", "unknown or inactive user");
            Response.StatusCode = 401;
            ViewData["Error"] = "Staff.Login.Failed";
            return View();
        }

        // The password alone never signs in: it only opens the second-factor step.
        var result = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        if (result.Succeeded && !await StaffOnDuty.Members(db).AnyAsync(s => s.UserId == user.Id))
        {
            // Said only to someone who knows the password: their branch or agent is out of service for now.
            await audit.WriteAsync(new AuditActor(user.UserName!, user.Id, null, address), "staff.login-refused", "branch or agent out of service");
            Response.StatusCode = 403;
            ViewData["Error"] = "Staff.Login.OutOfService";
            return View();
        }

        if (result.Succeeded)
        {
            await audit.WriteAsync(new AuditActor(user.UserName!, user.Id, null, address), "staff.password-ok", "second factor required");
            Response.Cookies.Append(CookieName, Protector.Protect(user.Id.ToString(), PendingLifetime), new CookieOptions
            {
                HttpOnly = true,
                Secure = security.Value.SecureCookies,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = PendingLifetime,
            });
            return Redirect("/staff/2fa");
        }

        var what = result.IsLockedOut ? "staff.lockout" : "staff.login-failed";
        await audit.WriteAsync(new AuditActor(user.UserName!, user.Id, null, address), what, result.IsLockedOut ? "locked out" : "wrong password");
        Response.StatusCode = result.IsLockedOut ? 429 : 401;
        ViewData["Error"] = result.IsLockedOut ? "Login.LockedOut" : "Staff.Login.Failed";
        return View();
    }

    [AllowAnonymous]
    [HttpGet("2fa")]
    public async Task<IActionResult> SecondFactor()
    {
        var user = await PendingUserAsync();
        if (user is null)
        {
            return Redirect("/staff/giris");
        }

        return user.TotpConfirmedAt is null ? View("Enroll", await EnrollmentAsync(user)) : View();
    }

    [AllowAnonymous]
    [HttpPost("2fa")]
    public async Task<IActionResult> SecondFactor([FromForm] string? code, [FromForm] string? recoveryCode)
    {
        var user = await PendingUserAsync();
        if (user is null)
        {
            return Redirect("/staff/giris");
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var actor = new AuditActor(user.UserName!, user.Id, null, address);
        var clean = string.Concat((code ?? "").Where(char.IsAsciiDigit));
        if (user.TotpConfirmedAt is null)
        {
            // Enrollment: the first code proves the app holds the key; then the recovery codes are shown once.
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
            {
                await audit.WriteAsync(actor, "staff.totp-enroll-failed", "wrong code");
                Response.StatusCode = 401;
                ViewData["Error"] = "Staff.Totp.Wrong";
                return View("Enroll", await EnrollmentAsync(user));
            }

            var confirmedAt = clock.GetUtcNow();
            await ChangeLoginAsync(user, login =>
            {
                login.TotpConfirmedAt = confirmedAt; // set again on a login read again
                return users.UpdateAsync(login);
            });
            var recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
            await audit.WriteAsync(actor, "staff.totp-enrolled", "authenticator set up, 10 recovery codes issued");
            await CompleteSignInAsync(user);
            TempData["RecoveryCodes"] = string.Join(' ', recovery);
            return Redirect("/staff/berpa-kodlari");
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(actor, "staff.lockout", "locked out");
            Response.StatusCode = 429;
            ViewData["Error"] = "Login.LockedOut";
            return View();
        }

        var ok = string.IsNullOrWhiteSpace(recoveryCode)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, recoveryCode.Replace(" ", "", StringComparison.Ordinal))).Succeeded;
        if (ok)
        {
            await ChangeLoginAsync(user, users.ResetAccessFailedCountAsync);
            await audit.WriteAsync(actor, "staff.login", string.IsNullOrWhiteSpace(recoveryCode) ? "signed in with TOTP" : "signed in with a recovery code");
            await CompleteSignInAsync(user);
            return Redirect("/staff");
        }

        // Wrong codes count towards the same lockout as wrong passwords.
        await ChangeLoginAsync(user, users.AccessFailedAsync);
        await audit.WriteAsync(actor, "staff.totp-failed", "wrong code");
        Response.StatusCode = 401;
        ViewData["Error"] = "Staff.Totp.Wrong";
        return View();
    }

    [HttpGet("berpa-kodlari")]
    [Authorize(Policy = StaffClaims.StaffPolicy)]
    public IActionResult RecoveryCodes() =>
        TempData["RecoveryCodes"] is string codes ? View(codes.Split(' ')) : Redirect("/staff");

    [HttpGet("sifre")]
    [Authorize(Policy = StaffClaims.StaffPolicy)]
    public IActionResult ChangePassword() => View(PasswordForm());

    /// <summary>The member's own password: required at the first sign-in when an administrator made it up.</summary>
    [HttpPost("sifre")]
    [Authorize(Policy = StaffClaims.StaffPolicy)]
    public async Task<IActionResult> ChangePassword([FromForm] ViewModels.ChangePasswordInput input, [FromServices] Features.Citizens.PasswordChange passwords, [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var errors = await passwords.ChangeAsync(user, input);
        if (errors.Count == 0)
        {
            await audit.WriteAsync(StaffClaims.Actor(User, HttpContext), "staff.password-changed", "");
            TempData["Notice"] = localizer["Password.Changed"].Value;
            return Redirect(HomeOf(User));
        }

        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, localizer[error.Key]);
        }

        Response.StatusCode = 422;
        return View(PasswordForm());
    }

    [AllowAnonymous]
    [HttpPost("cixis")]
    public async Task<IActionResult> Logout()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(StaffClaims.Actor(User, HttpContext), "staff.logout", "");
        }

        await signIn.SignOutAsync();
        return Redirect("/staff/giris");
    }

    private ViewModels.ChangePasswordViewModel PasswordForm() => new()
    {
        Forced = User.HasClaim(Features.Citizens.CitizenClaims.MustChangePassword, "true"),
        Action = "/staff/sifre",
        ForcedNotice = "Staff.Password.Forced",
        InitialLabel = "Staff.Password.CurrentInitial",
    };

    private string CookieName => security.Value.SecureCookies ? "__Host-" + PendingCookie : PendingCookie;

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Komis.StaffSecondFactor.v1").ToTimeLimitedDataProtector();

    /// <summary>The staff login whose password was checked in this browser in the last five minutes.</summary>
    private async Task<KomisUser?> PendingUserAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var id = Protector.Unprotect(value);
            var user = await users.FindByIdAsync(id);
            return user is not null && await StaffOnDuty.Members(db).AnyAsync(s => s.UserId == user.Id) ? user : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private async Task CompleteSignInAsync(KomisUser user)
    {
        Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = security.Value.SecureCookies });
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim("amr", "mfa")]);
    }

    /// <summary>The role's start page.</summary>
    public static string HomeOf(System.Security.Claims.ClaimsPrincipal user) => StaffClaims.RoleOf(user) switch
    {
        Domain.Staff.StaffRole.Teller => "/staff/kassa",
        Domain.Staff.StaffRole.Supervisor => "/staff/nezaret",
        Domain.Staff.StaffRole.Operator => "/staff/operator",
        Domain.Staff.StaffRole.AgentAdmin => "/staff/agent",
        Domain.Staff.StaffRole.BillerViewer => "/staff/teskilat",
        _ => "/staff/ev",
    };

    /// <summary>
    /// A change of the login through Identity. Should another request have changed the row in the meantime (the same
    /// code sent from two tabs, a double submit: Identity then answers a concurrency failure and leaves the change
    /// pending), the login is read again and the change made once more, so the request's own later writes (its audit
    /// record) do not stumble on it.
    /// </summary>
    private async Task ChangeLoginAsync(KomisUser user, Func<KomisUser, Task<IdentityResult>> change)
    {
        if (!(await change(user)).Succeeded)
        {
            await db.Entry(user).ReloadAsync();
            await change(user);
        }
    }

    private async Task<EnrollmentModel> EnrollmentAsync(KomisUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString("KÖMİS:" + user.UserName)}?secret={key}&issuer={Uri.EscapeDataString("KÖMİS")}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        var grouped = new StringBuilder();
        for (var i = 0; i < key!.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return new EnrollmentModel(grouped.ToString().Trim().ToLowerInvariant(), "data:image/png;base64," + Convert.ToBase64String(png));
    }
}

public sealed record EnrollmentModel(string Key, string QrDataUri);
