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
    /// that one flush covers more of them); <c>track_wal_io_timing</c> on, so that the bench can say how long the WAL's
    /// flushes took (<see cref="Why"/>); then <paramref name="more"/> (<c>--postgres-set</c>), each as given. Their values
    /// on the server after the reload.
    /// </summary>
    public static Task<string> DurableAsync(string connectionString, bool durable, IReadOnlyList<KeyValuePair<string, string>>? more = null) =>
        SetAsync(connectionString, Settings.Select(setting => KeyValuePair.Create(setting, setting switch
        {
            "commit_delay" => durable ? CommitDelayMicroseconds.ToString(CultureInfo.InvariantCulture) : "0",
            "track_wal_io_timing" => "on",
            _ => durable ? "on" : "off",
        })).Concat(more ?? []).ToList());

    /// <summary>
    /// Sets each of <paramref name="settings"/> in order (ALTER SYSTEM, so a later one of the same name wins) and reloads
    /// the server's configuration; their values as a new session then sees them.
    /// </summary>
    public static async Task<string> SetAsync(string connectionString, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        foreach (var (setting, value) in settings)
        {
            if (!IsName(setting)) throw new ArgumentException($"'{setting}' is not the name of a PostgreSQL setting.", nameof(settings));
            // ALTER SYSTEM takes no parameters: the value goes in as a quoted literal, its quotes doubled.
            await using var set = new NpgsqlCommand($"ALTER SYSTEM SET {setting} = '{value.Replace("'", "''", StringComparison.Ordinal)}'", connection);
            await set.ExecuteNonQueryAsync();
        }
        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection)) await reload.ExecuteScalarAsync();
        // The postmaster reloads on its signal; a new session reads the settings as they now are.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return SettingsText(await ShowAsync(connectionString, settings.Select(s => s.Key)));
    }

    /// <summary>The settings' values as a new session on the server reads them now (SHOW), as ALTER SYSTEM takes them back.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ShowAsync(string connectionString, IEnumerable<string> names)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        var shown = new List<KeyValuePair<string, string>>();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!IsName(name)) throw new ArgumentException($"'{name}' is not the name of a PostgreSQL setting.", nameof(names));
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            shown.Add(KeyValuePair.Create(name, Convert.ToString(await show.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? ""));
        }
        return shown;
    }

    /// <summary>
    /// Which of <paramref name="names"/> the server takes only when it starts (<c>pg_settings.context</c> is
    /// <c>postmaster</c>, e.g. <c>shared_buffers</c>): ALTER SYSTEM and a reload leave them as they were until a restart.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TakenAtStartAsync(string connectionString, IEnumerable<string> names)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT name FROM pg_settings WHERE context = 'postmaster' AND name = ANY(@names)", connection);
        query.Parameters.AddWithValue("names", names.Select(n => n.ToLowerInvariant()).Distinct().ToArray());
        var atStart = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) atStart.Add(reader.GetString(0));
        return atStart;
    }

    /// <summary>Settings as the bench prints them: <c>name = value</c>, joined by commas.</summary>
    public static string SettingsText(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join(", ", settings.Select(s => $"{s.Key} = {s.Value}"));

    private static bool IsName(string setting) => setting.Length > 0 && setting.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');

    private static readonly string[] Settings = ["fsync", "synchronous_commit", "full_page_writes", "commit_delay", "track_wal_io_timing"];

    /// <summary>The advised <c>commit_delay</c> (PostgreSQL's default is 0; <c>commit_siblings</c> stays at its default, 5).</summary>
    public const int CommitDelayMicroseconds = 1000;

    /// <summary>
    /// The server's counters now: the database's commits and rollbacks, the WAL the whole server wrote and flushed, its
    /// checkpoints and who wrote the buffers, and the autovacuum runs on the database's tables. Columns move between
    /// PostgreSQL versions (16's <c>pg_stat_bgwriter</c> checkpoints went to 17's <c>pg_stat_checkpointer</c>; 17 has no
    /// backends' writes there, 18 no WAL writes and flushes in <c>pg_stat_wal</c>): the query reads the columns the
    /// server has (<see cref="Query"/>) and a figure it has not is null, printed as not counted.
    /// </summary>
    public static async Task<Counts> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(Once(connectionString));
        await connection.OpenAsync();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var find = new NpgsqlCommand(
            """
            SELECT c.relname || '.' || a.attname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'pg_catalog' AND c.relname IN ('pg_stat_wal', 'pg_stat_bgwriter', 'pg_stat_checkpointer')
              AND a.attnum > 0 AND NOT a.attisdropped
            """, connection))
        await using (var found = await find.ExecuteReaderAsync())
        {
            while (await found.ReadAsync()) columns.Add(found.GetString(0));
        }
        var figures = new Dictionary<string, double?>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(Query(columns), connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            for (var i = 0; i < reader.FieldCount; i++) figures[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
        }
        var vacuums = new Dictionary<string, Vacuums>(StringComparer.Ordinal);
        await using (var tables = new NpgsqlCommand("SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables", connection))
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) vacuums[reader.GetString(0)] = new Vacuums(reader.GetInt64(1), reader.GetInt64(2));
        }
        return FromFigures(figures, vacuums);
    }

    /// <summary>Each figure <see cref="ReadAsync"/> reads, and where it is on each version: the first column the server has wins.</summary>
    public static readonly IReadOnlyList<(string Figure, string[] Columns)> Figures =
    [
        ("wal_records", ["pg_stat_wal.wal_records"]),
        ("wal_fpi", ["pg_stat_wal.wal_fpi"]),
        ("wal_bytes", ["pg_stat_wal.wal_bytes"]),
        ("wal_write", ["pg_stat_wal.wal_write"]),
        ("wal_sync", ["pg_stat_wal.wal_sync"]),
        ("wal_write_time", ["pg_stat_wal.wal_write_time"]),
        ("wal_sync_time", ["pg_stat_wal.wal_sync_time"]),
        ("checkpoints_timed", ["pg_stat_checkpointer.num_timed", "pg_stat_bgwriter.checkpoints_timed"]),
        ("checkpoints_requested", ["pg_stat_checkpointer.num_requested", "pg_stat_bgwriter.checkpoints_req"]),
        ("checkpoint_write_time", ["pg_stat_checkpointer.write_time", "pg_stat_bgwriter.checkpoint_write_time"]),
        ("checkpoint_sync_time", ["pg_stat_checkpointer.sync_time", "pg_stat_bgwriter.checkpoint_sync_time"]),
        ("buffers_checkpoint", ["pg_stat_checkpointer.buffers_written", "pg_stat_bgwriter.buffers_checkpoint"]),
        ("buffers_clean", ["pg_stat_bgwriter.buffers_clean"]),
        ("buffers_backend", ["pg_stat_bgwriter.buffers_backend"]),
    ];

    /// <summary>
    /// The query for the server's counters, given the columns it has (<c>view.column</c>): the database's commits and
    /// rollbacks and each of <see cref="Figures"/>, null where the server has none of its columns.
    /// </summary>
    public static string Query(IReadOnlySet<string> columns)
    {
        var select = new List<string> { "d.xact_commit::float8 AS commits", "d.xact_rollback::float8 AS rollbacks" };
        foreach (var (figure, candidates) in Figures)
        {
            var column = candidates.FirstOrDefault(columns.Contains);
            select.Add(column is null ? $"NULL::float8 AS {figure}" : $"(SELECT {column.Split('.')[1]}::float8 FROM {column.Split('.')[0]}) AS {figure}");
        }
        return $"SELECT {string.Join(", ", select)} FROM pg_stat_database d WHERE d.datname = current_database()";
    }

    /// <summary>The counts from the query's figures by name (<see cref="Query"/>) and the tables' autovacuum runs.</summary>
    public static Counts FromFigures(IReadOnlyDictionary<string, double?> figures, IReadOnlyDictionary<string, Vacuums> tables)
    {
        long? Whole(string name) => figures.TryGetValue(name, out var value) && value is { } v ? (long)v : null;
        double? Real(string name) => figures.TryGetValue(name, out var value) ? value : null;
        return new Counts(Whole("commits") ?? 0, Whole("rollbacks") ?? 0, Whole("wal_records") ?? 0, Whole("wal_fpi") ?? 0, Whole("wal_bytes") ?? 0,
            Whole("wal_write"), Whole("wal_sync"))
        {
            WalWriteMs = Real("wal_write_time"),
            WalSyncMs = Real("wal_sync_time"),
            CheckpointsTimed = Whole("checkpoints_timed"),
            CheckpointsRequested = Whole("checkpoints_requested"),
            CheckpointWriteMs = Real("checkpoint_write_time"),
            CheckpointSyncMs = Real("checkpoint_sync_time"),
            BuffersCheckpoint = Whole("buffers_checkpoint"),
            BuffersClean = Whole("buffers_clean"),
            BuffersBackend = Whole("buffers_backend"),
            Tables = tables,
        };
    }

    /// <summary>
    /// One line of what the server did a turn between two readings. PostgreSQL's backends report
    /// their counts at most once a second, so a reading taken straight after a run misses the last
    /// second's: read over a level's runs together the error is a few percent at most. The WAL's bytes
    /// and full-page images a turn are in <see cref="Why"/>'s line, printed under it.
    /// </summary>
    public static string Describe(Counts before, Counts after, long turns)
    {
        double Each(long count) => count / (double)Math.Max(1, turns);
        var writes = after.WalWrites - before.WalWrites is { } w ? string.Create(CultureInfo.InvariantCulture, $"{Each(w):0.00} WAL writes") : "WAL writes not counted by this server";
        var syncs = after.WalSyncs - before.WalSyncs is { } s ? string.Create(CultureInfo.InvariantCulture, $"{Each(s):0.00} WAL flushes to disk") : "WAL flushes not counted by this server";
        return string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL server a turn: {Each(after.Commits - before.Commits):0.00} commits, {Each(after.Rollbacks - before.Rollbacks):0.000} rollbacks, " +
            $"{Each(after.WalRecords - before.WalRecords):0.0} WAL records, {writes}, {syncs}");
    }

    /// <summary>
    /// One line of what may have made a run's p99 high, between two readings: the checkpoints that fell in it (a checkpoint
    /// writes the dirty buffers to disk, and after it each page's first change puts the whole page in the WAL), who wrote
    /// buffers, the time the WAL's writes and flushes took (<c>track_wal_io_timing</c>), and the autovacuum and autoanalyze
    /// runs on the database's tables.
    /// </summary>
    public static string Why(Counts before, Counts after, long turns)
    {
        static string Count(long? count) => count is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "not counted";
        var parts = new List<string>();
        var timed = after.CheckpointsTimed - before.CheckpointsTimed;
        var requested = after.CheckpointsRequested - before.CheckpointsRequested;
        var checkpoints = timed is null && requested is null ? "checkpoints not counted by this server" : string.Create(CultureInfo.InvariantCulture,
            $"{(timed ?? 0) + (requested ?? 0)} checkpoints ({Count(timed)} timed, {Count(requested)} requested");
        if (timed is not null || requested is not null)
        {
            var write = after.CheckpointWriteMs - before.CheckpointWriteMs;
            var sync = after.CheckpointSyncMs - before.CheckpointSyncMs;
            checkpoints += write is { } w && sync is { } s && (w > 0 || s > 0) ? string.Create(CultureInfo.InvariantCulture, $", writing {w / 1000:0.0} s and flushing {s:N0} ms)") : ")";
        }
        parts.Add(checkpoints);
        parts.Add($"buffers written by the checkpointer {Count(after.BuffersCheckpoint - before.BuffersCheckpoint)}, the background writer {Count(after.BuffersClean - before.BuffersClean)}, backends {Count(after.BuffersBackend - before.BuffersBackend)}");
        var fullPages = after.WalFullPages - before.WalFullPages;
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{fullPages / (double)Math.Max(1, turns):0.00} full-page images a turn"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{(after.WalBytes - before.WalBytes) / (double)Math.Max(1, turns):N0} WAL bytes a turn"));
        var syncs = after.WalSyncs - before.WalSyncs;
        var syncMs = after.WalSyncMs - before.WalSyncMs;
        parts.Add(syncs is not { } n ? "WAL flushes not counted by this server"
            : syncMs is not { } ms ? string.Create(CultureInfo.InvariantCulture, $"{n:N0} WAL flushes")
            : ms == 0 && n > 0 ? string.Create(CultureInfo.InvariantCulture, $"{n:N0} WAL flushes, not timed (track_wal_io_timing off)")
            : string.Create(CultureInfo.InvariantCulture, $"{n:N0} WAL flushes taking {ms:N0} ms, {ms / Math.Max(1, n):0.00} ms each"));
        var vacuumed = new List<string>();
        long vacuums = 0, analyzes = 0;
        foreach (var (table, now) in after.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var then = before.Tables.TryGetValue(table, out var earlier) ? earlier : new Vacuums(0, 0);
            var (v, a) = (now.Autovacuums - then.Autovacuums, now.Autoanalyzes - then.Autoanalyzes);
            if (v == 0 && a == 0) continue;
            vacuums += v;
            analyzes += a;
            vacuumed.Add(v > 0 && a > 0 ? $"{table} {v}+{a}" : v > 0 ? $"{table} {v}" : $"{table} analyze {a}");
        }
        parts.Add($"autovacuum {vacuums} runs, autoanalyze {analyzes}{(vacuumed.Count > 0 ? $" ({string.Join(", ", vacuumed)})" : "")}");
        return string.Join("; ", parts);
    }

    private static string Once(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>A table's autovacuum and autoanalyze runs so far (<c>pg_stat_user_tables</c>).</summary>
    public sealed record Vacuums(long Autovacuums, long Autoanalyzes);

    public sealed record Counts(long Commits, long Rollbacks, long WalRecords, long WalFullPages, long WalBytes, long? WalWrites, long? WalSyncs)
    {
        public double? WalWriteMs { get; init; }
        public double? WalSyncMs { get; init; }
        public long? CheckpointsTimed { get; init; }
        public long? CheckpointsRequested { get; init; }
        public double? CheckpointWriteMs { get; init; }
        public double? CheckpointSyncMs { get; init; }
        public long? BuffersCheckpoint { get; init; }
        public long? BuffersClean { get; init; }
        public long? BuffersBackend { get; init; }
        public IReadOnlyDictionary<string, Vacuums> Tables { get; init; } = new Dictionary<string, Vacuums>();
    }
}
