using System.Diagnostics;
using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Komis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Komis.IntegrationTests.Citizens.CitizenWorld;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Faults;

/// <summary>
/// A real PostgreSQL server stopped and started again (pg_ctl, fast shutdown) under a running node and a load of
/// requests. The server is a cluster of its own (scripts/postgres.sh, port 25434), so the other tests' server is
/// never touched.
/// </summary>
[Trait("Category", "Faults")]
public sealed class DatabaseRestartTests(KomisAppFactory app, ITestOutputHelper output) : IntegrationTest(app)
{
    private const string Cluster = "pg-fault";

    [Fact]
    public async Task PostgresRestarted_UnderLoad_TheNodeAnswers503_WritesNothingHalfWay_AndRecoversByItself()
    {
        var admin = await ShellAsync($"komis_pg_start {Cluster} 25434 fsync=off >&2 && printf %s \"$KOMIS_PG_ADMIN\"");
        try
        {
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(await TestPostgres.CreateMigratedDatabaseAsync("restart", admin))
            {
                Timeout = 2, CommandTimeout = 5,
            }.ConnectionString;
            await using var node = App.SecondNode(connectionString);
            var person = NewPerson(node);
            await NewAccountAsync(node, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
            using var citizen = node.CreateFormClient();
            var (code, password) = await RegisterAsync(citizen, person, ("AZERIQAZ", "1002003004"));
            var confirmFields = await AtTheConfirmStepAsync(node, citizen, code, password);

            var load = RequestLoad.Start(citizen, 4, "/kabinet", "/health/ready");
            await Task.Delay(300);

            await ShellAsync($"komis_pg_stop {Cluster}");
            var confirm = await ConfirmAsync(citizen, confirmFields); // "pay" pressed while the server is down
            var page = await confirm.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, confirm.StatusCode);
            Assert.Contains("Xidmət müvəqqəti əlçatan deyil", page);
            Assert.DoesNotContain("Exception", page);
            await Task.Delay(500);
            await ShellAsync($"komis_pg_start {Cluster} 25434 fsync=off >&2");
            var recovered = await RequestLoad.TimeUntilReadyAsync(citizen);
            await Task.Delay(300);
            await load.StopAsync();

            Assert.True(recovered < TimeSpan.FromSeconds(10), $"recovered only after {recovered}");
            load.AssertOnlyOkOr503_AndSomeOf503();
            Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/kabinet")).StatusCode);
            Assert.Equal(0, await node.WithDbAsync(db => db.PaymentOrders.CountAsync()));
            Assert.StartsWith("/sandbox/acquirer/pay/", (await ConfirmAsync(citizen, confirmFields)).LocationPath());
            output.WriteLine($"fault: postgres restart: {load.Summary()}; recovered {recovered.TotalMilliseconds:0} ms after the server was back; nothing half-written");
        }
        finally
        {
            await ShellAsync($"komis_pg_stop {Cluster}");
        }
    }

    /// <summary>Runs a line of bash with scripts/postgres.sh sourced, from the repository root; returns its stdout.</summary>
    private static async Task<string> ShellAsync(string script)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Komis.sln")))
        {
            root = root.Parent!;
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = root.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("source scripts/postgres.sh && " + script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(process.ExitCode == 0, $"`{script}` failed: {await stderr}");
        return await stdout;
    }
}
