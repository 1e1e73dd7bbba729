using Komis.Web.Documents;
using Komis.Web.Features.Payments;
using Komis.Web.Integrations.Acquirer;
using Komis.Web.Integrations.Sandbox;
using Komis.Web.Outbox;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration;

public static class PaymentsConfig
{
    /// <summary>Checkout, posting (ledger, receipts, outbox), the acquirer and its sandbox, delivery to billers, expiry.</summary>
    public static IServiceCollection AddKomisPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section);
        services.AddScoped<CheckoutHandler>();
        services.AddScoped<PaymentPosting>();
        services.AddSingleton<ReceiptTokens>();
        services.AddScoped<ReceiptQuery>();
        services.AddScoped<PaymentHistoryQuery>();
        services.AddScoped<ReceiptPdf>();
        services.AddScoped<LedgerCheck>();

        services.AddOptions<AcquirerOptions>().BindConfiguration(AcquirerOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.BaseUrl) && !string.IsNullOrWhiteSpace(o.Secret) && !string.IsNullOrWhiteSpace(o.CallbackBaseUrl),
                "Komis:Acquirer:BaseUrl, Secret and CallbackBaseUrl are required (or turn the sandbox on).");
        services.AddHttpClient<AcquirerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<SandboxAcquirer>();
        services.AddHttpClient(SandboxAcquirerPageController.CallbackClient, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddOptions<AcquirerOptions>().PostConfigure<IOptions<SandboxOptions>, SandboxAcquirer>((acquirer, sandbox, fake) =>
        {
            if (sandbox.Value.Enabled && string.IsNullOrWhiteSpace(acquirer.BaseUrl))
            {
                acquirer.BaseUrl = sandbox.Value.BaseUrl.TrimEnd('/') + "/sandbox/acquirer/api";
                acquirer.Secret = fake.Secret;
                acquirer.CallbackBaseUrl ??= sandbox.Value.BaseUrl;
            }
        });

        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddHttpClient(OutboxDispatcher.WebhookClient, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<PaymentExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentExpiry>());
        return services;
    }
}
