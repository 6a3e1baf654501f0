using CoProduction.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace CoProduction.Bench.Tests;

[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;

/// <summary>
/// The turn bench's PostgreSQL server (<c>PostgresServerCounts</c>): the throwaway server the tests start has durability
/// off, and the bench's PostgreSQL rows must come from a server that flushes each commit to disk as a deployment's does;
/// and the counts it prints a turn must be the server's own.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresServerCountsTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task The_bench_turns_a_throwaway_servers_durability_back_on_and_can_turn_it_off_again()
    {
        await using var database = await server.CreateDatabaseAsync("");
        Assert.Equal("fsync = off", (await Shown(database.ConnectionString, "fsync")));

        var on = await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true);
        output.WriteLine(on);

        Assert.Equal("fsync = on, synchronous_commit = on, full_page_writes = on", on);
        Assert.Equal("synchronous_commit = on", await Shown(database.ConnectionString, "synchronous_commit"));

        var off = await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: false);
        Assert.Equal("fsync = off, synchronous_commit = off, full_page_writes = off", off);
    }

    [Fact]
    public async Task The_counts_a_turn_are_the_servers_commits_and_WAL_flushes_divided_by_the_turns()
    {
        await using var database = await server.CreateDatabaseAsync("");
        await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true);
        var once = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await Run(once, "CREATE TABLE counted (id int PRIMARY KEY)");
        var before = await PostgresServerCounts.ReadAsync(database.ConnectionString);

        // Ten commits on ten connections: each backend reports its counts as it ends.
        for (var i = 0; i < 10; i++) await Run(once, $"INSERT INTO counted VALUES ({i})");
        var after = await Eventually(database.ConnectionString, c => c.Commits - before.Commits >= 10);

        var line = PostgresServerCounts.Describe(before, after, turns: 10);
        output.WriteLine(line);
        // Ten inserts, each its own commit flushed to disk: at least one commit, one WAL flush and two WAL records
        // (the row, the index entry) a turn; the readings' own sessions add a commit or two.
        Assert.InRange(after.Commits - before.Commits, 10, 14);
        Assert.InRange(after.WalSyncs - before.WalSyncs, 10, 30);
        Assert.True(after.WalRecords - before.WalRecords >= 20, $"WAL records: {after.WalRecords - before.WalRecords}");
        Assert.StartsWith("PostgreSQL server a turn: 1.", line, StringComparison.Ordinal);
        Assert.Contains(" WAL flushes to disk", line, StringComparison.Ordinal);

        await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: false);
    }

    private static async Task<PostgresServerCounts.Counts> Eventually(string connectionString, Func<PostgresServerCounts.Counts, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var counts = await PostgresServerCounts.ReadAsync(connectionString);
            if (done(counts) || i == 50) return counts;
            await Task.Delay(100);
        }
    }

    private static async Task<string> Shown(string connectionString, string setting)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return $"{setting} = {await command.ExecuteScalarAsync()}";
    }

    private static async Task Run(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
