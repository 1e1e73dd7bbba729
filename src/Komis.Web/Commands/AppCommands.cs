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
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. Commands: migrate, seed, billers.");
                return 2;
        }
    }
}
