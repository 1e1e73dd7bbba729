using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Komis.IntegrationTests.Scaling;

/// <summary>Young tables that grow fast get fresh planner statistics (so cached generic plans are made again), others are left to autovacuum.</summary>
public sealed class TableStatisticsTests(KomisAppFactory app) : IntegrationTest(app)
{
    private const string Table = "registration_drafts";

    [Fact]
    public async Task ATableThatGrewByHalf_IsAnalysed_AndOneBarelyChanged_IsNot()
    {
        var keeper = App.Services.GetRequiredService<TableStatistics>();
        await keeper.AnalyseGrownTablesAsync(CancellationToken.None);
        var before = await ScalarAsync<DateTime>($"SELECT coalesce(last_analyze, '-infinity') FROM pg_stat_user_tables WHERE relname = '{Table}'");

        await AddDraftsAsync(2000);
        await WaitUntilAsync($"SELECT n_mod_since_analyze >= 2000 OR last_analyze > '{before:O}' FROM pg_stat_user_tables WHERE relname = '{Table}'");
        await keeper.AnalyseGrownTablesAsync(CancellationToken.None);

        // Analysed by this call or already by the app's own round, which runs every few seconds.
        await WaitUntilAsync($"SELECT last_analyze > '{before:O}' AND n_mod_since_analyze < 2000 FROM pg_stat_user_tables WHERE relname = '{Table}'");
        var analysed = await ScalarAsync<DateTime>($"SELECT last_analyze FROM pg_stat_user_tables WHERE relname = '{Table}'");
        Assert.True(await ScalarAsync<long>($"SELECT reltuples::bigint FROM pg_class WHERE relname = '{Table}'") >= 2000);

        await AddDraftsAsync(10);
        await WaitUntilAsync($"SELECT n_mod_since_analyze >= 10 FROM pg_stat_user_tables WHERE relname = '{Table}'");
        var second = await keeper.AnalyseGrownTablesAsync(CancellationToken.None);

        Assert.DoesNotContain(Table, second);
        Assert.Equal(analysed, await ScalarAsync<DateTime>($"SELECT last_analyze FROM pg_stat_user_tables WHERE relname = '{Table}'"));
    }

    /// <summary>Inserts on a connection of its own, closed at once, so its counts reach the statistics without delay.</summary>
    private async Task AddDraftsAsync(int count)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO {Table} (id, full_name, fin_hash, id_card_hash, id_card_masked, channel, created_at, expires_at, account_ids)
            SELECT gen_random_uuid(), 'Test', '\x00', '\x00', 'AA****', 'Internet', now(), now() + interval '1 day', ARRAY[]::bigint[]
            FROM generate_series(1, {count})
            """, connection);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task WaitUntilAsync(string condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await ScalarAsync<bool>($"SELECT coalesce(({condition}), false)"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 20 s: {condition}");
            await Task.Delay(100);
        }
    }
}
