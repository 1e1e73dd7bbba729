using Komis.Testing;
using Komis.Web.Data;
using Komis.Web.Data.ReferenceData;
using Komis.Web.Features.Billers;
using Komis.Web.Integrations.Billers;
using Komis.Web.Integrations.IdentityRegistry;
using Komis.Web.Integrations.Acquirer;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>
/// The app in-process against a database of its own on the test PostgreSQL server, with the real migrations.
/// Shared by every test in the <see cref="AppCollection"/>; <see cref="ResetAsync"/> empties the data between tests.
/// </summary>
public sealed class KomisAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private Respawner? _respawner;
    private readonly bool _ownsDatabase = true;

    public KomisAppFactory()
    {
    }

    private KomisAppFactory(string connectionString)
    {
        ConnectionString = connectionString;
        _ownsDatabase = false;
    }

    /// <summary>
    /// Another app instance on this one's database: its own host, services, caches and background work,
    /// sharing nothing with this node but PostgreSQL (and so the Data Protection key ring kept there).
    /// </summary>
    public KomisAppFactory SecondNode(string? connectionString = null) => new(connectionString ?? ConnectionString);

    public string ConnectionString { get; private set; } = "";

    /// <summary>A client whose cookies live in <paramref name="jar"/>, so several nodes can share one browser.</summary>
    public FormClient CreateFormClient(System.Net.CookieContainer jar) =>
        new(CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar)));

    public async Task InitializeAsync()
    {
        if (!_ownsDatabase)
        {
            return;
        }

        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("it");

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__ef_migrations_history", "data_protection_keys"],
        });
    }

    /// <summary>Empties every table the tests write to (the schema and the Data Protection keys stay).</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // The ledger refuses deletes by trigger; only a test reset, as superuser in replica mode, passes it.
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await replica.ExecuteNonQueryAsync();
        }

        await _respawner!.ResetAsync(connection);
        await using var scope = Services.CreateAsyncScope();
        await BillerCatalogue.EnsureAsync(scope.ServiceProvider.GetRequiredService<KomisDbContext>());
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's database context.</summary>
    public async Task<T> WithDbAsync<T>(Func<KomisDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<KomisDbContext>());
    }

    /// <summary>Issues an API key the way the `billers issue-key` command does.</summary>
    public async Task<string> IssueApiKeyAsync(string billerCode)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BillerApiKeys>().IssueAsync(billerCode);
    }

    /// <summary>Points a biller's webhook at <paramref name="url"/> the way the operator does; returns the signing secret.</summary>
    public async Task<string> SetWebhookAsync(string billerCode, string url)
    {
        var (secret, protectedSecret) = Komis.Web.Outbox.OutboxDispatcher.NewSecret(
            Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
        await WithDbAsync(async db =>
        {
            (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Billers, b => b.Code == billerCode)).SetWebhook(url, protectedSecret);
            return await db.SaveChangesAsync();
        });
        return secret;
    }

    /// <summary>An API client for a biller, with a freshly issued key.</summary>
    public async Task<HttpClient> CreateBillerClientAsync(string billerCode)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await IssueApiKeyAsync(billerCode));
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, over https so __Host- cookies flow.</summary>
    public FormClient CreateFormClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = true,
    }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Komis", ConnectionString);
        builder.ConfigureTestServices(services =>
        {
            // Online billers are reached over the real HTTP client and its resilience pipeline; only the
            // transport is the in-process test server, where the sandbox biller answers.
            services.AddHttpClient<OnlineBillerClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient<IdentityRegistryClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient<AcquirerClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient(SandboxAcquirerPageController.CallbackClient).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_ownsDatabase && ConnectionString.Length > 0)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<KomisAppFactory>
{
    public const string Name = "app";
}
