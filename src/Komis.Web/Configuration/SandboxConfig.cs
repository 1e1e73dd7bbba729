using Komis.Web.Data.Demo;
using Komis.Web.Integrations.Billers;
using Komis.Web.Integrations.IdentityRegistry;
using Komis.Web.Integrations.Sandbox;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration;

public static class SandboxConfig
{
    /// <summary>
    /// The sandboxes (billers, identity registry) and, when they run, the settings that point the real HTTP
    /// clients at them. With "Komis:Sandbox:Enabled" off none of this answers.
    /// </summary>
    public static IServiceCollection AddKomisSandboxes(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddSingleton<SandboxBiller>();
        services.AddSingleton<SandboxIdentityRegistry>();
        services.AddHostedService<SandboxLoader>();

        services.AddOptions<OnlineBillerOptions>().PostConfigure<IOptions<SandboxOptions>, SandboxBiller>((online, sandbox, biller) =>
        {
            if (sandbox.Value.Enabled)
            {
                online.DefaultSecret ??= biller.Secret;
            }
        });
        services.AddOptions<IdentityRegistryOptions>().PostConfigure<IOptions<SandboxOptions>, SandboxIdentityRegistry>((registry, sandbox, fake) =>
        {
            if (sandbox.Value.Enabled && string.IsNullOrWhiteSpace(registry.BaseUrl))
            {
                registry.BaseUrl = sandbox.Value.BaseUrl.TrimEnd('/') + "/sandbox/identity";
                registry.Secret ??= fake.Secret;
            }
        });
        return services;
    }
}
