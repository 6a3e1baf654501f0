namespace CoProduction.Bench.Tests;

/// <summary>
/// What the turn bench prints under a PostgreSQL row to say why a run's p99 was high (<c>PostgresServerCounts.Why</c>),
/// and the query it reads the counts with on each PostgreSQL version, whose statistics views moved columns: without a
/// server, from the columns and figures given.
/// </summary>
public sealed class PostgresServerCountsArithmeticTests
{
    private static readonly HashSet<string> Version15 =
    [
        "pg_stat_wal.wal_records", "pg_stat_wal.wal_fpi", "pg_stat_wal.wal_bytes", "pg_stat_wal.wal_write", "pg_stat_wal.wal_sync",
        "pg_stat_wal.wal_write_time", "pg_stat_wal.wal_sync_time",
        "pg_stat_bgwriter.checkpoints_timed", "pg_stat_bgwriter.checkpoints_req", "pg_stat_bgwriter.checkpoint_write_time",
        "pg_stat_bgwriter.checkpoint_sync_time", "pg_stat_bgwriter.buffers_checkpoint", "pg_stat_bgwriter.buffers_clean",
        "pg_stat_bgwriter.buffers_backend",
    ];

    /// <summary>PostgreSQL 18: checkpoints in pg_stat_checkpointer, no backends' writes there, no WAL writes or flushes in pg_stat_wal.</summary>
    private static readonly HashSet<string> Version18 =
    [
        "pg_stat_wal.wal_records", "pg_stat_wal.wal_fpi", "pg_stat_wal.wal_bytes",
        "pg_stat_checkpointer.num_timed", "pg_stat_checkpointer.num_requested", "pg_stat_checkpointer.write_time",
        "pg_stat_checkpointer.sync_time", "pg_stat_checkpointer.buffers_written", "pg_stat_bgwriter.buffers_clean",
    ];

    [Fact]
    public void On_version_15_checkpoints_come_from_the_background_writers_view()
    {
        var query = PostgresServerCounts.Query(Version15);

        Assert.Contains("(SELECT checkpoints_timed::float8 FROM pg_stat_bgwriter) AS checkpoints_timed", query, StringComparison.Ordinal);
        Assert.Contains("(SELECT wal_sync_time::float8 FROM pg_stat_wal) AS wal_sync_time", query, StringComparison.Ordinal);
        Assert.Contains("(SELECT buffers_backend::float8 FROM pg_stat_bgwriter) AS buffers_backend", query, StringComparison.Ordinal);
        Assert.DoesNotContain("NULL", query, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_version_where_columns_moved_the_query_reads_the_new_view_and_leaves_out_what_is_gone()
    {
        var query = PostgresServerCounts.Query(Version18);

        Assert.Contains("(SELECT num_timed::float8 FROM pg_stat_checkpointer) AS checkpoints_timed", query, StringComparison.Ordinal);
        Assert.Contains("(SELECT buffers_written::float8 FROM pg_stat_checkpointer) AS buffers_checkpoint", query, StringComparison.Ordinal);
        Assert.Contains("NULL::float8 AS wal_sync", query, StringComparison.Ordinal);
        Assert.Contains("NULL::float8 AS buffers_backend", query, StringComparison.Ordinal);
        Assert.DoesNotContain("pg_stat_bgwriter.checkpoints", query, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_a_checkpoint_shows_it_the_full_page_images_a_turn_the_flush_time_and_the_tables_autovacuumed()
    {
        var before = Counts(timed: 3, requested: 1, fpi: 100, walBytes: 1_000_000, syncs: 500, syncMs: 1_000, checkpointBuffers: 2_000,
            tables: new() { ["InboundMessages"] = new(4, 6), ["Sessions"] = new(2, 3), ["People"] = new(1, 1) });
        var after = Counts(timed: 4, requested: 1, fpi: 900, walBytes: 5_000_000, syncs: 800, syncMs: 2_500, checkpointBuffers: 3_234,
            tables: new() { ["InboundMessages"] = new(5, 7), ["Sessions"] = new(2, 4), ["People"] = new(1, 1), ["Answers"] = new(1, 0) });

        var why = PostgresServerCounts.Why(before, after, turns: 2_000);

        Assert.Equal(
            "1 checkpoints (1 timed, 0 requested, writing 27.0 s and flushing 120 ms); buffers written by the checkpointer 1,234, " +
            "the background writer 0, backends 7; 0.40 full-page images a turn; 2,000 WAL bytes a turn; " +
            "300 WAL flushes taking 1,500 ms, 5.00 ms each; autovacuum 2 runs, autoanalyze 2 (Answers 1, InboundMessages 1+1, Sessions analyze 1)",
            why);
    }

    [Fact]
    public void A_server_that_counts_neither_flushes_nor_checkpoints_says_so_and_untimed_flushes_say_why()
    {
        var none = PostgresServerCounts.FromFigures(new Dictionary<string, double?> { ["commits"] = 10, ["wal_fpi"] = 0 }, new Dictionary<string, PostgresServerCounts.Vacuums>());
        var why = PostgresServerCounts.Why(none, none with { Commits = 20 }, turns: 5);

        Assert.StartsWith("checkpoints not counted by this server; buffers written by the checkpointer not counted", why, StringComparison.Ordinal);
        Assert.Contains("WAL flushes not counted by this server", why, StringComparison.Ordinal);
        Assert.EndsWith("autovacuum 0 runs, autoanalyze 0", why, StringComparison.Ordinal);
        Assert.Contains("WAL flushes not counted by this server", PostgresServerCounts.Describe(none, none, 5), StringComparison.Ordinal);

        var untimed = Counts(timed: 0, requested: 0, fpi: 0, walBytes: 0, syncs: 10, syncMs: 0, checkpointBuffers: 0, tables: []);
        Assert.Contains("10 WAL flushes, not timed (track_wal_io_timing off)",
            PostgresServerCounts.Why(untimed with { WalSyncs = 0 }, untimed, turns: 10), StringComparison.Ordinal);
    }

    private static PostgresServerCounts.Counts Counts(long timed, long requested, long fpi, long walBytes, long syncs, double syncMs, long checkpointBuffers,
        Dictionary<string, PostgresServerCounts.Vacuums> tables) =>
        PostgresServerCounts.FromFigures(new Dictionary<string, double?>
        {
            ["commits"] = 0, ["rollbacks"] = 0, ["wal_records"] = 0, ["wal_fpi"] = fpi, ["wal_bytes"] = walBytes, ["wal_write"] = syncs,
            ["wal_sync"] = syncs, ["wal_write_time"] = 0, ["wal_sync_time"] = syncMs, ["checkpoints_timed"] = timed,
            ["checkpoints_requested"] = requested, ["checkpoint_write_time"] = timed * 27_000, ["checkpoint_sync_time"] = timed * 120,
            ["buffers_checkpoint"] = checkpointBuffers, ["buffers_clean"] = 0, ["buffers_backend"] = timed * 7,
        }, tables);
}
