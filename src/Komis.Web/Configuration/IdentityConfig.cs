using Komis.Web.Data;
using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration;

public static class IdentityConfig
{
    public static IServiceCollection AddKomisIdentity(this IServiceCollection services)
    {
        services
            .AddIdentity<KomisUser, IdentityRole<Guid>>(options =>
            {
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<KomisDbContext>()
            .AddDefaultTokenProviders();

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityOptions>>((options, security) =>
                CookieSecurity.Apply(options.Cookie, "komis", security.Value.SecureCookies, SameSiteMode.Lax));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/odenis-xidmetleri/giris";
            options.AccessDeniedPath = "/xeta/403";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
        });

        return services;
    }
}
