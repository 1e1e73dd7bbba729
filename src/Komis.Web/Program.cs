using Komis.Web.Commands;
using Komis.Web.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddKomisLogging();
builder.Services
    .AddKomisData()
    .AddKomisIdentity()
    .AddKomisLocalization()
    .AddKomisMvc()
    .AddKomisBillers()
    .AddKomisCitizens()
    .AddKomisPayments()
    .AddKomisStaff()
    .AddKomisSandboxes()
    .AddKomisApi()
    .AddKomisHealthChecks();

// Disposed on the way out, also when a command throws: log lines still queued for the batched sink are written.
await using var app = builder.Build();

if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(app.Services, args);
}

app.UseKomisPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the test layers can host the app.</summary>
public partial class Program;
