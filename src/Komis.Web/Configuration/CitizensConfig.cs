using System.Globalization;
using System.Threading.RateLimiting;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Citizens;
using Komis.Web.Features.Registration;
using Komis.Web.Integrations.IdentityRegistry;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration;

/// <summary>"Komis:RateLimits": requests per minute per client address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Komis:RateLimits";

    public int LoginPerMinute { get; set; } = 10;

    public int RegistrationPerMinute { get; set; } = 10;

    /// <summary>Biller API requests per minute per key (per client address without one).</summary>
    public int BillerApiPerMinute { get; set; } = 1200;
}

public static class CitizensConfig
{
    public const string LoginRateLimit = "login";
    public const string RegistrationRateLimit = "registration";
    public const string BillerApiRateLimit = "biller-api";

    /// <summary>Registration, the identity registry client, login, the cabinet and their rate limits.</summary>
    public static IServiceCollection AddKomisCitizens(this IServiceCollection services)
    {
        services.AddSingleton<PersonalDataHasher>(); // KeyOptions are bound with the data (AddKomisData)
        services.AddSingleton(sp =>
        {
            var key = KeyMaterial.Load(
                sp.GetRequiredService<IOptions<KeyOptions>>().Value.SubscriberCodes, "SubscriberCodes", 16,
                sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<ILogger<SubscriberCodeGenerator>>());
            return new SubscriberCodeGenerator(key);
        });

        services.AddOptions<IdentityRegistryOptions>().BindConfiguration(IdentityRegistryOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.BaseUrl), "Komis:IdentityRegistry:BaseUrl is required (or turn the sandbox on).");
        services.AddHttpClient<IdentityRegistryClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);

        services.AddScoped<IdentityStepHandler>();
        services.AddScoped<FindAccountHandler>();
        services.AddScoped<CompleteRegistrationHandler>();
        services.AddScoped<RegistrationSheetQuery>();
        services.AddScoped<Documents.RegistrationSheetPdf>();
        services.AddOptions<Documents.PortalOptions>().BindConfiguration(Documents.PortalOptions.Section);
        services.AddScoped<RegistrationDraftStore>();
        services.AddScoped<AddDraftAccountHandler>();
        services.AddScoped<CitizenLoginHandler>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<CabinetQuery>();
        services.AddScoped<LinkAccountHandler>();
        services.AddHostedService<RegistrationDraftCleanup>();

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginRateLimit, context => PerClientAddress(context, o => o.LoginPerMinute));
            options.AddPolicy(RegistrationRateLimit, context => PerClientAddress(context, o => o.RegistrationPerMinute));
            options.AddPolicy(BillerApiRateLimit, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.BillerApiPerMinute;
                // The key's public prefix (never the key) identifies the caller; without a key, the address does.
                var header = context.Request.Headers.Authorization.ToString();
                var caller = header.StartsWith("Bearer kms_", StringComparison.Ordinal) && header.Length > 23 ? header.Substring(11, 12) : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter("api:" + caller + ":" + permits.ToString(CultureInfo.InvariantCulture), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    private static RateLimitPartition<string> PerClientAddress(HttpContext context, Func<RateLimitOptions, int> limit)
    {
        var permits = limit(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        // Only POSTs (attempts) count; looking at the form is free.
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(address + ":" + permits.ToString(CultureInfo.InvariantCulture), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
