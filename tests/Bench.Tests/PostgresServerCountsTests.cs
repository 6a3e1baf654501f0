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
        try
        {
            var on = await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true);
            output.WriteLine(on);

            Assert.Equal("fsync = on, synchronous_commit = on, full_page_writes = on, commit_delay = 1000, track_wal_io_timing = on", on);
            // What a new session of the service would run with, not only what the bench printed.
            Assert.Equal("synchronous_commit = on", await Shown(database.ConnectionString, "synchronous_commit"));
            Assert.Equal("fsync = on", await Shown(database.ConnectionString, "fsync"));
        }
        finally
        {
            var off = await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: false);
            Assert.Equal("fsync = off, synchronous_commit = off, full_page_writes = off, commit_delay = 0, track_wal_io_timing = on", off);
        }
        Assert.Equal("fsync = off", await Shown(database.ConnectionString, "fsync"));
    }

    [Fact]
    public async Task The_counts_a_turn_are_the_servers_commits_and_WAL_flushes_divided_by_the_turns()
    {
        await using var database = await server.CreateDatabaseAsync("");
        await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true);
        try
        {
            var once = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
            await using (var connection = new NpgsqlConnection(once))
            {
                await connection.OpenAsync();
                await using (var create = new NpgsqlCommand("CREATE TABLE counted (id int PRIMARY KEY)", connection)) await create.ExecuteNonQueryAsync();
                var before = await PostgresServerCounts.ReadAsync(database.ConnectionString);

                // Ten commits, one after another on one connection: none can share another's flush.
                for (var i = 0; i < 10; i++)
                {
                    await using var insert = new NpgsqlCommand($"INSERT INTO counted VALUES ({i})", connection);
                    await insert.ExecuteNonQueryAsync();
                }
                // A backend reports its counts at most once a second while it lives, and when it ends.
                await connection.CloseAsync();
                var after = await Eventually(database.ConnectionString, c => c.Commits - before.Commits >= 10 && c.WalSyncs - before.WalSyncs >= 10 && c.Tables.ContainsKey("counted"));

                var line = PostgresServerCounts.Describe(before, after, turns: 10);
                output.WriteLine(line);
                // Each insert is a commit flushed to disk with at least two WAL records (the row, its index entry) and
                // a commit record; the readings' own sessions add a few read-only commits, which flush nothing.
                Assert.InRange(after.Commits - before.Commits, 10, 20);
                Assert.InRange((after.WalSyncs - before.WalSyncs)!.Value, 10, 20);
                // This server (15) times each flush: track_wal_io_timing is on.
                Assert.True(after.WalSyncMs - before.WalSyncMs > 0, $"WAL flush time: {after.WalSyncMs - before.WalSyncMs} ms");
                Assert.NotNull(after.CheckpointsTimed);
                var why = PostgresServerCounts.Why(before, after, turns: 10);
                output.WriteLine(why);
                Assert.Contains("ms each", why, StringComparison.Ordinal);
                Assert.True(after.WalRecords - before.WalRecords >= 30, $"WAL records: {after.WalRecords - before.WalRecords}");
                Assert.Contains(" WAL flushes to disk", line, StringComparison.Ordinal);
            }
        }
        finally
        {
            await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: false);
        }
    }

    [Fact]
    public async Task A_setting_given_to_the_bench_is_set_on_the_server_and_shown_and_a_name_that_is_not_one_is_refused()
    {
        await using var database = await server.CreateDatabaseAsync("");
        try
        {
            var shown = await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true,
                [KeyValuePair.Create("checkpoint_timeout", "30min"), KeyValuePair.Create("wal_compression", "pglz")]);
            output.WriteLine(shown);

            Assert.EndsWith("track_wal_io_timing = on, checkpoint_timeout = 30min, wal_compression = pglz", shown, StringComparison.Ordinal);
            Assert.Equal("checkpoint_timeout = 30min", await Shown(database.ConnectionString, "checkpoint_timeout"));
            await Assert.ThrowsAsync<ArgumentException>(() => PostgresServerCounts.DurableAsync(database.ConnectionString, durable: true,
                [KeyValuePair.Create("fsync = off; --", "on")]));
        }
        finally
        {
            await PostgresServerCounts.DurableAsync(database.ConnectionString, durable: false,
                [KeyValuePair.Create("checkpoint_timeout", "5min"), KeyValuePair.Create("wal_compression", "off")]);
        }
        Assert.Equal("checkpoint_timeout = 5min", await Shown(database.ConnectionString, "checkpoint_timeout"));
    }

    /// <summary>The server this machine runs (15) has the counters this bench reads: every one of them is read, none null.</summary>
    [Fact]
    public async Task On_this_servers_version_every_counter_is_read()
    {
        await using var database = await server.CreateDatabaseAsync("");
        var counts = await PostgresServerCounts.ReadAsync(database.ConnectionString);

        Assert.NotNull(counts.WalSyncs);
        Assert.NotNull(counts.WalSyncMs);
        Assert.NotNull(counts.CheckpointsRequested);
        Assert.NotNull(counts.BuffersCheckpoint);
        Assert.NotNull(counts.BuffersClean);
        Assert.NotNull(counts.BuffersBackend);
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

}
