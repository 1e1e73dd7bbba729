namespace Komis.Web.Data;

/// <summary>One part of the demo data; <see cref="SeedAsync"/> checks what is there and adds only what is missing.</summary>
public interface IDemoDataPart
{
    /// <summary>Parts run in ascending order (billers before their accounts, and so on).</summary>
    int Order { get; }

    /// <summary>Returns how many rows it added; 0 when everything was already in place.</summary>
    Task<int> SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Puts the demo data in place for `./run.sh`; running it again adds nothing twice.</summary>
public sealed class DemoDataSeeder(IEnumerable<IDemoDataPart> parts, ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var part in parts.OrderBy(p => p.Order))
        {
            var added = await part.SeedAsync(cancellationToken);
            logger.LogInformation("Demo data {Part}: {Added} row(s) added", part.GetType().Name, added);
        }
    }
}
