using System.Net;
using System.Net.Http.Json;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Komis.IntegrationTests.Payments;
using Komis.IntegrationTests.Staff;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Komis.Web.Integrations.Acquirer;
using Komis.Web.Integrations.IdentityRegistry;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Komis.IntegrationTests.Security;

/// <summary>
/// Runs registration, login, password change, a card payment, staff sign-in with TOTP, a cash payment, a password
/// reissue and biller API calls with the production log level, then searches every log line (message, properties
/// and exceptions) for the ID card number, the FIN, every password, the card number and the API key.
/// </summary>
public sealed class LogSecretsTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task NoLogLine_ContainsIdNumbers_Fins_Passwords_CardNumbers_OrKeys()
    {
        var sink = new CapturingLogSink();
        WebApplicationFactory<Program>? logged = null;
        logged = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel:Default", "Information");
            b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink));
            b.ConfigureTestServices(s =>
            {
                // This instance's own sandboxes answer its own clients.
                s.AddHttpClient<IdentityRegistryClient>().ConfigurePrimaryHttpMessageHandler(() => logged!.Server.CreateHandler());
                s.AddHttpClient<AcquirerClient>().ConfigurePrimaryHttpMessageHandler(() => logged!.Server.CreateHandler());
                s.AddHttpClient(SandboxAcquirerPageController.CallbackClient).ConfigurePrimaryHttpMessageHandler(() => logged!.Server.CreateHandler());
            });
        });
        await using var disposeLogged = logged;
        FormClient Client() => new(logged.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));

        var person = CitizenWorld.NewPerson(App);
        logged.Services.GetRequiredService<SandboxIdentityRegistry>().Add(person);
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", person.Fin, (2026, 10, 15.25m));
        await CitizenWorld.NewAccountAsync(App, "AZERSU", "20030040", null, (2026, 10, 5m));
        using var citizen = Client();
        var (code, initial) = await CitizenWorld.RegisterAsync(citizen, person, ("AZERIQAZ", "1002003004"));
        await CitizenWorld.LoginAsync(citizen, code, "a-wrong-password-typed");
        await CitizenWorld.LoginAsync(citizen, code, initial);
        const string chosen = "bənövşəyi səma altında";
        await CitizenWorld.ChangePasswordAsync(citizen, initial, chosen);
        var gas = await PaymentWorld.AccountIdAsync(App, "1002003004");
        await PaymentWorld.PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [("2026-10", "15.25")], null));

        var (agent, branch) = await StaffWorld.BranchAsync(App, "KB-701");
        await StaffWorld.StaffAsync(App, "kassir701", StaffRole.Teller, agent, branch);
        using var teller = Client();
        var totpKey = await StaffWorld.SignInAsync(teller, "kassir701");
        var form = await teller.GetPageAsync("/staff/kassa/hesab?biller=AZERSU&number=20030040");
        var fields = PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "5"));
        await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        var reissue = await teller.PostFormAsync($"/staff/kassa/abonent/{code}/sifre", $"/staff/kassa/abonent/{code}/sifre",
            [new("Series", person.CardSeries), new("Number", person.CardNumber), new("Fin", person.Fin)]);
        var reissued = CitizenWorld.PasswordOf(await teller.GetPageAsync(reissue.LocationPath()!));

        var key = await App.IssueApiKeyAsync("AZERIQAZ");
        using var api = logged.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/accounts/1002003004")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new("Bearer", key[..^2] + "xx");
        await api.GetAsync("/api/v1/accounts/1002003004");

        var secrets = new Dictionary<string, string>
        {
            ["ID card number"] = person.CardNumber,
            ["FIN"] = person.Fin,
            ["initial password"] = initial,
            ["chosen password"] = chosen,
            ["wrong password"] = "a-wrong-password-typed",
            ["reissued password"] = reissued,
            ["staff password"] = StaffWorld.Password,
            ["TOTP key"] = totpKey,
            ["card number"] = SandboxAcquirer.ApprovedCard,
            ["card number (last 12)"] = SandboxAcquirer.ApprovedCard[4..],
            ["API key secret part"] = key[17..],
        };
        var lines = sink.Lines.ToList();
        Assert.True(lines.Count > 30, $"only {lines.Count} log lines were captured");
        var leaks = (from line in lines from s in secrets where line.Contains(s.Value, StringComparison.OrdinalIgnoreCase) select $"{s.Key} in: {line}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(5)));
        Assert.Contains(lines, l => l.Contains("Citizen login failed", StringComparison.Ordinal)); // the attempts are logged, without the password
        // Nor does the framework warn about anything on this whole walk: each such warning was noise on every request
        // that met it (antiforgery overriding the sheets' "no-store", EF Core on queries with two collections, Data
        // Protection storing its keys unencrypted), which hides the warnings that matter.
        var frameworkWarnings = sink.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning
            && e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().StartsWith("\"Microsoft.", StringComparison.Ordinal))
            .Select(e => e.RenderMessage()).ToList();
        Assert.True(frameworkWarnings.Count == 0, string.Join("\n", frameworkWarnings.Take(5)));
    }
}
