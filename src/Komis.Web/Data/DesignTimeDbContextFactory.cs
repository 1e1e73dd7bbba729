using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Komis.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without a running app or a reachable database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KomisDbContext>
{
    public KomisDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KomisDbContext>()
            .UseNpgsql("Host=localhost;Database=komis_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new KomisDbContext(options);
    }
}
