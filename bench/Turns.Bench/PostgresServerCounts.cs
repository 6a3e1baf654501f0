using System.Globalization;
using Npgsql;

/// <summary>
/// The benchmark's PostgreSQL server as a deployment would run it, and what it did for a level's
/// turns. The throwaway server the tests start (<c>PostgresServer</c>) turns durability off
/// (<c>fsync</c>, <c>synchronous_commit</c>, <c>full_page_writes</c>), which suits tests and would
/// make the bench's PostgreSQL rows a claim no deployment could rely on: <see cref="DurableAsync"/>
/// puts the three back to PostgreSQL's own defaults (ALTER SYSTEM and a reload; all three take a
/// reload), so a commit waits for its WAL to reach the disk, as in production.
/// </summary>
internal static class PostgresServerCounts
{
    /// <summary>
    /// The three settings a deployment keeps on, and <c>commit_delay</c> as this README advises a deployment to set it
    /// (docs/performance-rounds.md, "PostgreSQL, fourteenth round": a commit waits up to 1 ms for others when 5 or more transactions are open, so
    /// that one flush covers more of them); their values on the server after the reload.
    /// </summary>
    public static async Task<string> DurableAsync(string connectionString, bool durable)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        foreach (var setting in Settings)
        {
            var value = setting == "commit_delay" ? (durable ? CommitDelayMicroseconds.ToString(CultureInfo.InvariantCulture) : "0") : durable ? "on" : "off";
            await using var set = new NpgsqlCommand($"ALTER SYSTEM SET {setting} = {value}", connection);
            await set.ExecuteNonQueryAsync();
        }
        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection)) await reload.ExecuteScalarAsync();
        // The postmaster reloads on its signal; a new session reads the settings as they now are.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await using var check = new NpgsqlConnection(Once(connectionString));
        await check.OpenAsync();
        var shown = new List<string>();
        foreach (var setting in Settings)
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", check);
            shown.Add($"{setting} = {await show.ExecuteScalarAsync()}");
        }
        return string.Join(", ", shown);
    }

    private static readonly string[] Settings = ["fsync", "synchronous_commit", "full_page_writes", "commit_delay"];

    /// <summary>The advised <c>commit_delay</c> (PostgreSQL's default is 0; <c>commit_siblings</c> stays at its default, 5).</summary>
    public const int CommitDelayMicroseconds = 1000;

    /// <summary>The server's counters now: the database's commits and rollbacks, and the WAL the whole server wrote and flushed.</summary>
    public static async Task<Counts> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT d.xact_commit, d.xact_rollback, w.wal_records, w.wal_fpi, w.wal_bytes::bigint, w.wal_write, w.wal_sync
            FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
    }

    /// <summary>
    /// One line of what the server did a turn between two readings. PostgreSQL's backends report
    /// their counts at most once a second, so a reading taken straight after a run misses the last
    /// second's: read over a level's runs together the error is a few percent at most.
    /// </summary>
    public static string Describe(Counts before, Counts after, long turns)
    {
        double Each(long count) => count / (double)Math.Max(1, turns);
        return string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL server a turn: {Each(after.Commits - before.Commits):0.00} commits, {Each(after.Rollbacks - before.Rollbacks):0.000} rollbacks, " +
            $"{Each(after.WalRecords - before.WalRecords):0.0} WAL records, {Each(after.WalBytes - before.WalBytes):0} WAL bytes, " +
            $"{Each(after.WalFullPages - before.WalFullPages):0.00} full-page images, {Each(after.WalWrites - before.WalWrites):0.00} WAL writes, " +
            $"{Each(after.WalSyncs - before.WalSyncs):0.00} WAL flushes to disk");
    }

    private static string Once(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public sealed record Counts(long Commits, long Rollbacks, long WalRecords, long WalFullPages, long WalBytes, long WalWrites, long WalSyncs);
}
