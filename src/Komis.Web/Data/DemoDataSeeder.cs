namespace Komis.Web.Data;

/// <summary>One part of the demo data; <see cref="SeedAsync"/> checks what is there and adds only what is missing.</summary>
public interface IDemoDataPart
{
    /// <summary>Parts run in ascending order (billers before their accounts, and so on).</summary>
    int Order { get; }

    /// <summary>Returns how many rows it added; 0 when everything was already in place.</summary>
    Task<int> SeedAsync(CancellationToken cancellationToken);

    /// <summary>Lines to print for the person who ran the seed (never logged): demo logins created just now.</summary>
    IReadOnlyList<string> Printout => [];
}

/// <summary>Puts the demo data in place for `./run.sh`; running it again adds nothing twice.</summary>
public sealed class DemoDataSeeder(IEnumerable<IDemoDataPart> parts, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    private readonly List<string> _printout = [];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var part in parts.OrderBy(p => p.Order))
        {
            var added = await part.SeedAsync(cancellationToken);
            logger.LogInformation("Demo data {Part}: {Added} row(s) added", part.GetType().Name, added);
            _printout.AddRange(part.Printout);
        }
    }

    /// <summary>
    /// What to type to try the portal: a few people of the sandbox identity registry with their accounts.
    /// Printed to the console (not the log): sandbox data, but ID numbers never go to logs.
    /// </summary>
    public void PrintTryIt(TextWriter output)
    {
        var world = Demo.DemoPopulation.Create(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var line in _printout)
        {
            output.WriteLine(line);
        }

        output.WriteLine("Demo citizens of the sandbox identity registry (register them at /odenis-xidmetleri/qeydiyyat):");
        foreach (var person in world.People.Where(p => p.CardExpiry > today).Take(3))
        {
            var accounts = world.Accounts.Where(a => a.HolderName == person.FullName && a.HolderFin == person.Fin)
                .Select(a => $"{a.BillerCode} {a.AccountNumber}").ToList();
            output.WriteLine($"  {person.FullName}: ID card {person.CardSeries} {person.CardNumber}, FIN {person.Fin}; accounts: {string.Join(", ", accounts)}");
        }
    }
}
