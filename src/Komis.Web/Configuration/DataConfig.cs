using Komis.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Configuration;

public static class DataConfig
{
    public const string ConnectionStringName = "Komis";

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

            return new NpgsqlDataSourceBuilder(connectionString).Build();
        });

        services.AddDbContext<KomisDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql =>
                npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());

        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();

        services.AddDataProtection()
            .SetApplicationName("komis")
            .PersistKeysToDbContext<KomisDbContext>();

        // Browsers that have seen Komis over HTTPS refuse plain HTTP to it for a year (ASVS: at least one year).
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        return services;
    }
}
