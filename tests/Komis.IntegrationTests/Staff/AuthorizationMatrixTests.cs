using System.Net;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Staff;

/// <summary>Every staff route against every role, anonymous and a citizen: allowed or refused, as designed.</summary>
public sealed class AuthorizationMatrixTests(KomisAppFactory app) : IntegrationTest(app)
{
    private const string Anonymous = "anonymous";
    private const string Citizen = "citizen";

    /// <summary>GET routes and who may open them.</summary>
    private static readonly (string Url, StaffRole[] Allowed)[] Pages =
    [
        ("/staff/kassa", [StaffRole.Teller, StaffRole.Supervisor]),
        ("/staff/kassa/hesab?biller=AZERIQAZ&number=1002003004", [StaffRole.Teller, StaffRole.Supervisor]),
        ("/staff/qeydiyyat", [StaffRole.Teller, StaffRole.Supervisor]),
        ("/staff/nezaret", [StaffRole.Supervisor]),
        ("/staff/nezaret/hesabat", [StaffRole.Supervisor]),
        ("/staff/agent", [StaffRole.AgentAdmin]),
        ("/staff/agent/hesabat", [StaffRole.AgentAdmin]),
        ("/staff/agent/hesabat.csv", [StaffRole.AgentAdmin]),
        ("/staff/agent/hesabat.xlsx", [StaffRole.AgentAdmin]),
        ("/staff/operator", [StaffRole.Operator]),
        ("/staff/operator/panel", [StaffRole.Operator]),
        ("/staff/audit", [StaffRole.Operator]),
        ("/staff/teskilat", [StaffRole.BillerViewer]),
        ("/staff/ev", Enum.GetValues<StaffRole>()),
        ("/staff/sifre", Enum.GetValues<StaffRole>()),
    ];

    /// <summary>POST routes (with a valid antiforgery token) and who may use them.</summary>
    private static readonly (string Url, StaffRole[] Allowed)[] Actions =
    [
        ("/staff/kassa/odenis", [StaffRole.Teller, StaffRole.Supervisor]),
        ("/staff/qeydiyyat/tamamla", [StaffRole.Teller, StaffRole.Supervisor]),
        ("/staff/nezaret/gunu-bagla", [StaffRole.Supervisor]),
        ("/staff/agent/filiallar", [StaffRole.AgentAdmin]),
        ("/staff/agent/emekdaslar", [StaffRole.AgentAdmin]),
        ("/staff/agent/filiallar/00000000-0000-0000-0000-000000000001/deaktiv", [StaffRole.AgentAdmin]),
        ("/staff/operator/billers/AZERCELL/aktiv", [StaffRole.Operator]),
        ("/staff/operator/billers/AZERIQAZ/acar", [StaffRole.Operator]),
        ("/staff/operator/agentler", [StaffRole.Operator]),
        ("/staff/operator/agentler/00000000-0000-0000-0000-000000000001/deaktiv", [StaffRole.Operator]),
        ("/staff/audit/yoxla", [StaffRole.Operator]),
    ];

    public static TheoryData<string> Principals => new() { Anonymous, Citizen, "Teller", "Supervisor", "AgentAdmin", "Operator", "BillerViewer" };

    [Theory]
    [MemberData(nameof(Principals))]
    public async Task EveryStaffRoute_IsOpenOnlyToItsRoles(string principal)
    {
        using var client = App.CreateFormClient();
        StaffRole? role = Enum.TryParse<StaffRole>(principal, out var r) ? r : null;
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        if (role is { } staffRole)
        {
            var (agent, branch) = await BranchAsync(App, "KB-9" + (int)staffRole);
            var biller = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERIQAZ").Select(b => b.Id).SingleAsync());
            await StaffAsync(App, "m-" + principal.ToLowerInvariant(), staffRole,
                staffRole is StaffRole.Teller or StaffRole.Supervisor or StaffRole.AgentAdmin ? agent : null,
                staffRole is StaffRole.Teller or StaffRole.Supervisor ? branch : null,
                staffRole == StaffRole.BillerViewer ? biller : null);
            await SignInAsync(client, "m-" + principal.ToLowerInvariant());
        }
        else if (principal == Citizen)
        {
            var person = CitizenWorld.NewPerson(App);
            var (code, password) = await CitizenWorld.RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
            await CitizenWorld.LoginAsync(client, code, password);
        }

        var wrong = new List<string>();
        foreach (var (url, allowed) in Pages)
        {
            var response = await client.GetAsync(url);
            var outcome = Outcome(response);
            var expected = role is { } x && allowed.Contains(x) ? "allowed" : principal == Anonymous ? "login" : "forbidden";
            if (outcome != expected)
            {
                wrong.Add($"GET {url}: {outcome} (expected {expected})");
            }
        }

        var token = FormClient.AntiforgeryToken(await client.GetPageAsync(principal == Anonymous ? "/staff/giris" : "/"));
        foreach (var (url, allowed) in Actions)
        {
            var response = await client.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            var outcome = Outcome(response);
            var isAllowed = role is { } x && allowed.Contains(x);
            // An allowed action may still refuse this empty form (400/404/422) or redirect back; it must never be a login or 403.
            var ok = isAllowed ? outcome is not ("login" or "forbidden") : outcome == (principal == Anonymous ? "login" : "forbidden");
            if (!ok)
            {
                wrong.Add($"POST {url}: {outcome} (allowed: {isAllowed})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Outcome(HttpResponseMessage response)
    {
        var location = response.LocationPath()?.Split('?')[0];
        return response.StatusCode switch
        {
            HttpStatusCode.OK => "allowed",
            HttpStatusCode.Redirect when location == "/staff/giris" || location == "/odenis-xidmetleri/giris" => "login",
            HttpStatusCode.Redirect when location == "/xeta/403" => "forbidden",
            HttpStatusCode.Forbidden => "forbidden",
            _ => $"{(int)response.StatusCode} {location}",
        };
    }
}
