using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Komis.Testing;

/// <summary>
/// The PostgreSQL server the tests use: KOMIS_TEST_POSTGRES (an admin connection string) when set,
/// otherwise one Testcontainers server for the whole test run. Each app under test gets a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "KOMIS_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;
    private static PostgreSqlContainer? _container;

    public static async Task<string> AdminConnectionStringAsync()
    {
        if (_adminConnectionString is not null)
        {
            return _adminConnectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (_adminConnectionString is null)
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    _adminConnectionString = fromEnvironment;
                }
                else
                {
                    _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                    await _container.StartAsync();
                    _adminConnectionString = _container.GetConnectionString();
                }
            }

            return _adminConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose, string? adminConnectionString = null)
    {
        var admin = adminConnectionString ?? await AdminConnectionStringAsync();
        var name = $"komis_{purpose}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>A new database with the real migrations and reference data applied, before any app starts on it.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string purpose, string? adminConnectionString = null)
    {
        var connectionString = await CreateDatabaseAsync(purpose, adminConnectionString);
        var options = new DbContextOptionsBuilder<KomisDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using var db = new KomisDbContext(options);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        return connectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await AdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
