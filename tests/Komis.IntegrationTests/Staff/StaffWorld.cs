using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Komis.IntegrationTests.Staff;

/// <summary>Agents, branches and staff logins for tests, and a TOTP authenticator app (RFC 6238).</summary>
public static partial class StaffWorld
{
    public const string Password = "kassa-şifrəsi-uzun";

    public static async Task<(Guid AgentId, Guid BranchId)> BranchAsync(KomisAppFactory app, string code, AgentKind kind = AgentKind.Bank) =>
        await app.WithDbAsync(async db =>
        {
            var agentCode = "AG" + code.Replace("-", "", StringComparison.Ordinal);
            var agent = new Agent(agentCode, "Test Bank " + code, kind);
            db.Agents.Add(agent);
            var branch = new Branch(agent.Id, code, "Filial " + code, "Nizami küç. 1", "Bakı");
            db.Branches.Add(branch);
            await db.SaveChangesAsync();
            return (agent.Id, branch.Id);
        });

    public static async Task<string> StaffAsync(KomisAppFactory app, string userName, StaffRole role, Guid? agentId = null, Guid? branchId = null, int? billerId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await StaffLogins.CreateAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<KomisUser>>(), scope.ServiceProvider.GetRequiredService<KomisDbContext>(),
            userName, Password, "Test " + userName, role, agentId, branchId, billerId, DateTimeOffset.UtcNow);
        return userName;
    }

    /// <summary>Signs in with password and TOTP, setting the authenticator up on the first time; returns the key for later codes.</summary>
    public static async Task<string> SignInAsync(FormClient client, string userName, string? knownKey = null, string password = Password)
    {
        var login = await client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", userName), new("password", password)]);
        Assert.True(login.LocationPath() == "/staff/2fa", $"login of {userName} answered {(int)login.StatusCode}: " + System.Text.RegularExpressions.Regex.Match(await login.Content.ReadAsStringAsync(), "staff-login-error\">([^<]*)<").Groups[1].Value);
        var page = await client.GetPageAsync("/staff/2fa");
        var key = knownKey ?? KeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(key), "no authenticator key on the page");
        var done = await client.Http.PostAsync("/staff/2fa", new FormUrlEncodedContent(
            [new("code", await UnusedCodeAsync(key)), new("__RequestVerificationToken", FormClient.AntiforgeryToken(page))]));
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"second factor answered {(int)done.StatusCode}");
        return key;
    }

    public static string Totp(string base32Key, DateTimeOffset at) => Komis.Testing.Totp.Code(base32Key, at);

    /// <summary>A new browser's password step for <paramref name="userName"/>, then the second-factor form with <paramref name="fields"/>: its answer.</summary>
    public static async Task<HttpResponseMessage> PasswordThenSecondFactorAsync(KomisAppFactory app, string userName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var client = app.CreateFormClient();
        await client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", userName), new("password", Password)]);
        return await client.PostFormAsync("/staff/2fa", "/staff/2fa", fields);
    }

    /// <summary>Each key's last 30-second step signed in with: a code is good for one sign-in, as on a real phone.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new();

    /// <summary>
    /// The code of the current step, or of the next one when the current was used already (the server takes one step
    /// ahead); when that too was used, waits for the step after it to come.
    /// </summary>
    private static async Task<string> UnusedCodeAsync(string key)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = LastStep.TryGetValue(key, out var last) ? Math.Max(now, last + 1) : now;
            if (step <= now + 1)
            {
                LastStep[key] = step;
                return Totp(key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    [GeneratedRegex("id=\"totp-key\">([^<]+)<")]
    private static partial Regex KeyPattern();
}
