using Komis.Domain.Accounts;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Data.Demo;

/// <summary>Settings of "Komis:Demo".</summary>
public sealed class DemoOptions
{
    public const string Section = "Komis:Demo";

    /// <summary>The active biller the demo asks in real time (through the sandbox).</summary>
    public string OnlineBiller { get; set; } = "AZERENERJI";
}

/// <summary>
/// The demo accounts and debts of the four active billers, and one of them switched to online mode against the
/// sandbox biller. Adds only accounts that are missing, so a second run adds nothing.
/// </summary>
public sealed class DemoBillerData(KomisDbContext db, IOptions<DemoOptions> options, IOptions<SandboxOptions> sandbox, TimeProvider clock) : IDemoDataPart
{
    public int Order => 10;

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var world = DemoPopulation.Create(DateOnly.FromDateTime(now.UtcDateTime));
        var billers = await db.Billers.Where(b => DemoPopulation.ActiveBillers.Contains(b.Code)).ToDictionaryAsync(b => b.Code, cancellationToken);
        var added = 0;
        foreach (var group in world.Accounts.GroupBy(a => a.BillerCode))
        {
            var biller = billers[group.Key];
            var existing = (await db.BillerAccounts.Where(a => a.BillerId == biller.Id).Select(a => a.AccountNumber).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var demo in group.Where(a => !existing.Contains(a.AccountNumber)))
            {
                // The stored copy is a day old: for the online biller, the first look refreshes it from the sandbox.
                db.BillerAccounts.Add(BillerAccount.Open(biller, demo.AccountNumber, demo.HolderName, demo.Address, demo.HolderFin, now.AddDays(-1), demo.Charges));
                added++;
            }
        }

        var online = billers.GetValueOrDefault(options.Value.OnlineBiller);
        if (online is not null && online.OnlineEndpoint is null)
        {
            online.UseOnline($"{sandbox.Value.BaseUrl.TrimEnd('/')}/sandbox/billers/{online.Code}");
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}

/// <summary>Fills the sandbox billers and the sandbox identity registry with the demo world when the app starts with the sandbox on.</summary>
internal sealed class SandboxLoader(SandboxBiller sandbox, SandboxIdentityRegistry registry, IOptions<SandboxOptions> sandboxOptions, TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!sandboxOptions.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        var world = DemoPopulation.Create(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        foreach (var person in world.People)
        {
            registry.Add(person);
        }

        foreach (var account in world.Accounts)
        {
            sandbox.Put(account.BillerCode, new Api.Contracts.AccountResponse(
                account.AccountNumber, account.HolderName, account.Address, account.HolderFin, "Active", clock.GetUtcNow(),
                account.Charges.Select(c => new Api.Contracts.ChargeResponse(c.Period.ToString(), c.Amount, 0, c.Amount, c.DueDate, false)).ToList(),
                account.Charges.Sum(c => c.Amount), 0, account.Charges.Sum(c => c.Amount)));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
