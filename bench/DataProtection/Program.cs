// Protect + unprotect of a login-cookie-sized payload (600 bytes), in microseconds per operation, for keys made with
// the framework's default algorithms (AES-256-CBC + HMAC-SHA256) and with Komis's (DataConfig.DataProtectionAlgorithms),
// alternated so machine noise falls on both. A page of the cabinet makes three such operations.
using System.Diagnostics;
using Komis.Web.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection;

const int Operations = 100_000;
var payload = new byte[600];
Random.Shared.NextBytes(payload);
var results = new Dictionary<string, List<double>> { ["AES-256-CBC + HMAC-SHA256"] = [], ["AES-256-GCM (Komis)"] = [] };

for (var round = 0; round < 3; round++)
{
    foreach (var (name, algorithms) in new (string, AuthenticatedEncryptorConfiguration?)[]
             { ("AES-256-CBC + HMAC-SHA256", null), ("AES-256-GCM (Komis)", DataConfig.DataProtectionAlgorithms) })
    {
        var services = new ServiceCollection();
        var builder = services.AddDataProtection().SetApplicationName("komis-bench")
            .PersistKeysToFileSystem(Directory.CreateTempSubdirectory("komis-dp-bench"));
        if (algorithms is not null)
        {
            builder.UseCryptographicAlgorithms(algorithms);
        }

        using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench");
        for (var i = 0; i < 20_000; i++)
        {
            protector.Unprotect(protector.Protect(payload)); // warm-up
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Operations / 2; i++)
        {
            protector.Unprotect(protector.Protect(payload));
        }

        results[name].Add(clock.Elapsed.TotalMicroseconds / Operations);
    }
}

foreach (var (name, microseconds) in results)
{
    Console.WriteLine($"{name}: median {microseconds.Order().ElementAt(microseconds.Count / 2):F1} µs per operation " +
        $"(rounds: {string.Join(", ", microseconds.Select(m => m.ToString("F1")))})");
}
