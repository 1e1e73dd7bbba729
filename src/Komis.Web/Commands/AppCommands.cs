using Komis.Web.Data;

namespace Komis.Web.Commands;

/// <summary>
/// Administrative commands of the app: `dotnet Komis.Web.dll migrate`, `seed`, `billers ...`. Anything that does
/// not start with a dash is a command; without one the app serves the site.
/// </summary>
public static class AppCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        switch (args[0])
        {
            case "migrate":
                await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                return 0;
            case "seed":
                var seeder = sp.GetRequiredService<DemoDataSeeder>();
                await seeder.SeedAsync();
                seeder.PrintTryIt(Console.Out);
                return 0;
            case "billers":
                return await BillerCommands.RunAsync(sp, args);
            case "audit" when args.ElementAtOrDefault(1) == "verify":
                var chainer = sp.GetRequiredService<Features.Staff.AuditChainer>();
                var sealedNow = await chainer.SealPendingAsync(CancellationToken.None);
                var report = await chainer.VerifyAsync(CancellationToken.None);
                Console.WriteLine(report.Intact
                    ? $"audit chain intact: {report.Sealed} record(s) ({sealedNow} sealed now, {report.Unsealed} pending)"
                    : $"audit chain BROKEN at record {report.FirstBrokenSequence}: {report.Problem}");
                return report.Intact ? 0 : 1;
            case "ledger" when args.ElementAtOrDefault(1) == "check":
                var balance = await sp.GetRequiredService<Features.Payments.LedgerCheck>().RunAsync();
                Console.WriteLine($"debits {balance.Debits:0.00}, credits {balance.Credits:0.00}, unbalanced payments {balance.UnbalancedPayments}, " +
                                  $"unbalanced journals {balance.UnbalancedJournals}, paid without journal {balance.PaidWithoutJournal}: " +
                                  (balance.Balanced ? "BALANCED" : "NOT BALANCED"));
                return balance.Balanced ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. Commands: migrate, seed, billers, ledger check, audit verify.");
                return 2;
        }
    }
}
