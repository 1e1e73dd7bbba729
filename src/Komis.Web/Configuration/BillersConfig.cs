using Komis.Web.Api.Infrastructure;
using Komis.Web.Data;
using Komis.Web.Data.Demo;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Billers;
using Komis.Web.Features.Debts;
using Komis.Web.Features.Registry;
using Komis.Web.Integrations.Billers;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Komis.Web.Configuration;

public static class BillersConfig
{
    /// <summary>Billers, their accounts and debts, the biller API's key authentication, online billers and their sandbox.</summary>
    public static IServiceCollection AddKomisBillers(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<BillerApiKeys>();
        services.AddScoped<DebtQuery>();
        services.AddSingleton<BillerDirectory>();
        services.AddScoped<PutAccountHandler>();
        services.AddScoped<RegistryImport>();
        services.AddScoped<IDemoDataPart, DemoBillerData>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BillerApiAuthentication>(BillerApiAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(BillerApiAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(BillerApiAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(BillerApiAuthentication.BillerIdClaim));

        services.AddOptions<OnlineBillerOptions>().BindConfiguration(OnlineBillerOptions.Section);
        services.AddScoped<OnlineAccountRefresher>();
        services.AddHttpClient<OnlineBillerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("online-biller", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<OnlineBillerOptions>>().Value;
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(options.Retries, 1),
                        ShouldHandle = options.Retries > 0 ? new HttpRetryStrategyOptions().ShouldHandle : _ => PredicateResult.False(),
                        Delay = TimeSpan.FromMilliseconds(100),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        MinimumThroughput = 5,
                        FailureRatio = 0.5,
                        BreakDuration = TimeSpan.FromSeconds(15),
                    })
                    .AddTimeout(options.AttemptTimeout);
            })
            // One pipeline (and so one circuit breaker) per biller: one biller's outage never trips another's.
            .SelectPipelineBy(_ => request =>
                request.Options.TryGetValue(OnlineBillerClient.BillerKey, out var code) ? code : "unknown");

        return services;
    }
}
