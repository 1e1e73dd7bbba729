using Komis.Web.Data;
using Komis.Web.Features.Billers;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Commands;

/// <summary>`billers list`, `billers issue-key CODE` (the key is the last line printed), `billers revoke-key PREFIX`.</summary>
internal static class BillerCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        switch (args.ElementAtOrDefault(1))
        {
            case "list":
                var db = services.GetRequiredService<KomisDbContext>();
                foreach (var b in await db.Billers.AsNoTracking().OrderBy(b => b.Id).ToListAsync())
                {
                    Console.WriteLine($"{b.Code,-14} {b.Status,-11} {b.Mode,-9} {b.Category,-11} {b.Name.Az}");
                }

                return 0;
            case "issue-key" when args.Length == 3:
                try
                {
                    var key = await services.GetRequiredService<BillerApiKeys>().IssueAsync(args[2]);
                    Console.WriteLine($"API key for {args[2].ToUpperInvariant()} (shown once; Komis keeps only its hash):");
                    Console.WriteLine(key);
                    return 0;
                }
                catch (KeyNotFoundException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 1;
                }

            case "revoke-key" when args.Length == 3:
                if (await services.GetRequiredService<BillerApiKeys>().RevokeAsync(args[2]))
                {
                    Console.WriteLine("Revoked.");
                    return 0;
                }

                await Console.Error.WriteLineAsync("No key with that prefix.");
                return 1;
            case "set-webhook" when args.Length == 4:
            {
                var db2 = services.GetRequiredService<KomisDbContext>();
                var biller = await db2.Billers.SingleOrDefaultAsync(b => b.Code == args[2].ToUpperInvariant());
                if (biller is null)
                {
                    await Console.Error.WriteLineAsync($"No biller with code '{args[2]}'.");
                    return 1;
                }

                var (secret, protectedSecret) = Outbox.OutboxDispatcher.NewSecret(services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
                biller.SetWebhook(args[3], protectedSecret);
                await db2.SaveChangesAsync();
                Console.WriteLine($"Webhook of {biller.Code} set to {biller.WebhookUrl}. Signing secret (shown once; verify X-Komis-Signature with it):");
                Console.WriteLine(secret);
                return 0;
            }

            default:
                await Console.Error.WriteLineAsync("Usage: billers list | billers issue-key CODE | billers revoke-key PREFIX | billers set-webhook CODE URL");
                return 2;
        }
    }
}
