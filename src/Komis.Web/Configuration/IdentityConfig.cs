using Komis.Web.Data;
using Komis.Web.Configuration.Security;
using Komis.Web.Features.Citizens;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration;

/// <summary>"Komis:Sessions".</summary>
public sealed class SessionOptions
{
    public const string Section = "Komis:Sessions";

    /// <summary>How often a session re-checks its login (password changed, password reissued, locked).</summary>
    public TimeSpan RevalidateEvery { get; set; } = TimeSpan.FromSeconds(30);
}

public static class IdentityConfig
{
    public static IServiceCollection AddKomisIdentity(this IServiceCollection services)
    {
        services
            .AddIdentity<KomisUser, IdentityRole<Guid>>(options =>
            {
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                // Staff's authenticator codes are good for one sign-in each (OneTimeAuthenticatorTokenProvider).
                options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.ProviderName;
                // Length and a common-password list (PasswordPolicy), no composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = PasswordPolicy.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
            })
            .AddEntityFrameworkStores<KomisDbContext>()
            .AddUserStore<KomisUserStore>() // the authenticator key encrypted, recovery codes hashed
            .AddPasswordValidator<PasswordPolicy>()
            .AddClaimsPrincipalFactory<KomisClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.ProviderName);

        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section);
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionOptions>>((options, session) =>
        {
            // How soon a password change or a new initial password ends the other sessions of that login.
            options.ValidationInterval = session.Value.RevalidateEvery;
            options.OnRefreshingPrincipal = context =>
            {
                // Revalidation re-reads the login; the session keeps its original start for the absolute limit.
                var started = context.CurrentPrincipal?.FindFirst(CitizenClaims.AuthTime);
                var identity = context.NewPrincipal?.Identity as System.Security.Claims.ClaimsIdentity;
                if (started is not null && identity is not null)
                {
                    identity.RemoveClaim(identity.FindFirst(CitizenClaims.AuthTime));
                    identity.AddClaim(new System.Security.Claims.Claim(CitizenClaims.AuthTime, started.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityOptions>>((options, security) =>
                CookieSecurity.Apply(options.Cookie, "komis", security.Value.SecureCookies, SameSiteMode.Lax));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/odenis-xidmetleri/giris";
            options.LogoutPath = "/odenis-xidmetleri/cixis";
            options.AccessDeniedPath = "/xeta/403";
            options.ReturnUrlParameter = "returnUrl";
            // 30 minutes idle (sliding), 12 hours at most from sign-in whatever the activity.
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            // The staff area has a login of its own.
            options.Events.OnRedirectToLogin = context =>
            {
                var staff = context.Request.Path.StartsWithSegments("/staff");
                context.Response.Redirect(staff ? "/staff/giris" : context.RedirectUri);
                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                try
                {
                    // The validator's own test, made before it is resolved: resolving it builds SignInManager,
                    // UserManager and a user store with a pooled DbContext on every request, to find the check not due.
                    if (IsRevalidationDue(context))
                    {
                        await SecurityStampValidator.ValidatePrincipalAsync(context);
                    }
                }
                catch (Exception e) when (DatabaseUnavailable.Is(e))
                {
                    // The session cannot be checked while the database is away. The request must not go on as
                    // anonymous (a signed-in citizen would be sent to the login page): the pipeline answers 503
                    // right after authentication. The cookie stays for the next request.
                    context.RejectPrincipal();
                    context.HttpContext.Items[DatabaseUnavailable.SessionUncheckedKey] = true;
                    return;
                }

                var started = context.Principal?.FindFirst(CitizenClaims.AuthTime)?.Value;
                if (context.Principal is not null && long.TryParse(started, out var seconds) &&
                    DateTimeOffset.FromUnixTimeSeconds(seconds) + CitizenClaims.AbsoluteSessionLifetime < DateTimeOffset.UtcNow)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(CitizenClaims.Policy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CitizenClaims.SubscriberId));

        return services;
    }

    /// <summary>
    /// Whether <see cref="SecurityStampValidator"/> would check the login now: the same test it makes (no issue time,
    /// or more than <see cref="SecurityStampValidatorOptions.ValidationInterval"/> since the cookie was issued).
    /// </summary>
    internal static bool IsRevalidationDue(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        return issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
    }
}
