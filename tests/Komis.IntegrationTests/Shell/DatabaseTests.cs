using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Komis.IntegrationTests.Shell;

public sealed class DatabaseTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Migrate_AppliesEveryMigration_AndTheModelMatchesThem()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        // A model change without its migration would make this true.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Migrate_RunTwice_ChangesNothing()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        var before = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        await migrator.MigrateAsync();

        Assert.Equal(before, await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Users_AreStoredInPostgres_WithTheSnakeCaseSchema()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        db.Users.Add(new KomisUser { UserName = "1234567897", NormalizedUserName = "1234567897", SecurityStamp = "s" });
        await db.SaveChangesAsync();

        var count = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM users WHERE user_name = '1234567897'").SingleAsync();
        Assert.Equal(1, count);
    }
}
