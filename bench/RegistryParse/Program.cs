// Reads a registry CSV from memory with the import's reader and checks every row as the import does (RegistryImport.Parse),
// five rounds: seconds for reading alone and for reading and checking. The first round includes the JIT's warm-up.
using System.Diagnostics;
using Komis.Domain.Billers;
using Komis.Domain.Common;
using Komis.Web.Api.Contracts;
using Komis.Web.Features.Registry;

if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/RegistryParse -- REGISTRY.csv (bench/make-registry.sh writes one)");
    return 2;
}

var bytes = File.ReadAllBytes(args[0]);
var format = new AccountNumberFormat("^\\d{10}$", new LocalizedText("10 rəqəm", "10 цифр", "10 digits"), "1002003004");
for (var round = 1; round <= 5; round++)
{
    var clock = Stopwatch.StartNew();
    long records = 0;
    using (var reader = new CsvRecordReader(new MemoryStream(bytes)))
    {
        while (await reader.ReadAsync(CancellationToken.None))
        {
            records++;
        }
    }

    var read = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var errors = new List<RegistryLineError>();
    long rows = 0;
    using (var reader = new CsvRecordReader(new MemoryStream(bytes)))
    {
        await reader.ReadAsync(CancellationToken.None); // the header
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows += RegistryImport.Parse(reader.Line, reader.Fields, format, errors) is null ? 0 : 1;
        }
    }

    Console.WriteLine($"round {round}: {records - 1:N0} rows; read {read:F2} s; read and check {clock.Elapsed.TotalSeconds:F2} s; {rows:N0} valid, {errors.Count} errors");
}

return 0;
