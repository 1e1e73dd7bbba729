using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Configuration;

public static class DataConfig
{
    public const string ConnectionStringName = "Komis";

    /// <summary>What new Data Protection keys are made for (login and antiforgery cookies, tokens).</summary>
    public static AuthenticatedEncryptorConfiguration DataProtectionAlgorithms => new()
    {
        EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
        ValidationAlgorithm = ValidationAlgorithm.HMACSHA256, // not used with GCM (its tag authenticates)
    };

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> (the connection pool) shared by EF Core and the raw-SQL paths,
    /// and Data Protection keys kept in PostgreSQL so every web node reads the same cookies.
    /// </summary>
    public static IServiceCollection AddKomisData(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Connection string '{ConnectionStringName}' is not set (ConnectionStrings__{ConnectionStringName}).");
            }

            return DataSourceFor(connectionString);
        });

        // Pooled: a request reuses a context instance instead of building one (and its services) afresh.
        services.AddDbContextPool<KomisDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                // Said, not defaulted (EF Core warns at every such query otherwise): a read that takes in more than one
                // collection (an order's payments and their allocations, an account's charges and what was paid) is
                // one statement, one round trip; each is about one order or a few accounts, so no rows multiply far.
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
            .UseSnakeCaseNamingConvention());

        services.AddSingleton<TableStatistics>();
        services.AddHostedService(sp => sp.GetRequiredService<TableStatistics>());
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();

        // Kept in the database for every node, and wrapped there with a key held outside it (DataProtectionKeyWrap):
        // the table alone (a backup, a replica) does not let anyone forge a session.
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section);
        services.AddSingleton<DataProtectionKeyWrap>();
        services.AddHostedService<ConfiguredKeysCheck>(); // before Data Protection's own start, which needs one of them

        // Keys made from now on use AES-256-GCM: one authenticated cipher per cookie or antiforgery token instead of
        // AES-256-CBC plus an HMAC-SHA256: about a third less time per operation, three per page (bench/DataProtection).
        // Each key keeps the algorithm it was made with, so cookies under older keys stay readable until those
        // keys expire; the key ring moves to GCM at its next scheduled key.
        services.AddDataProtection()
            .SetApplicationName("komis")
            .PersistKeysToDbContext<KomisDbContext>()
            .UseCryptographicAlgorithms(DataProtectionAlgorithms);
        services.AddOptions<KeyManagementOptions>().Configure<DataProtectionKeyWrap>((options, wrap) =>
            options.XmlEncryptor = new WrappingXmlEncryptor(wrap));

        // A payload read once is not decrypted again for a minute (the same cookies come with every page): UnprotectMemo.
        services.AddSingleton(sp => new UnprotectMemo(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.DecorateSingleton<IDataProtectionProvider>((sp, provider) =>
            new MemoizingDataProtectionProvider(provider, sp.GetRequiredService<UnprotectMemo>()));

        // Browsers that have seen Komis over HTTPS refuse plain HTTP to it for a year (ASVS: at least one year).
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        return services;
    }

    /// <summary>
    /// Connections one node keeps at most (Npgsql's own default is 100). PostgreSQL runs a process per connection: a few
    /// busy ones do more per CPU than dozens taking turns (bench: 8 against 100 cut PostgreSQL's CPU per cabinet page by
    /// about a fifth), and a request waiting for a free connection waits in the app, not in the database. Several nodes
    /// at 100 each would also pass PostgreSQL's own max_connections (100). Set "Maximum Pool Size" in the connection
    /// string to size it for a deployment: about two to four per database core, shared among the nodes.
    /// </summary>
    public const int DefaultMaxPoolSize = 8;

    /// <summary>
    /// The connection pool. Komis never leaves session state on a connection (advisory locks and temporary tables are
    /// all transaction-scoped), so a connection going back to the pool needs no DISCARD ALL round trip; statements run
    /// again and again (every page's queries) are prepared once per connection, and PostgreSQL soon runs them on generic
    /// plans (kept fit for growing tables by <see cref="TableStatistics"/>). At most <see cref="DefaultMaxPoolSize"/>
    /// connections per node. Each only where the connection string does not say otherwise.
    /// </summary>
    public static NpgsqlDataSource DataSourceFor(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The keys the string itself names (Npgsql's own builder reports every keyword it knows), spaces ignored.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 100;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("MaximumPoolSize") && !given.Contains("MaxPoolSize"))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.ConnectionStringBuilder.MinPoolSize);
        }

        return builder.Build();
    }
}
