using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Store.Setup;

/// <summary>
/// With the store in WAL mode, synchronous=NORMAL writes each commit to the WAL file before the
/// reply goes out but does not wait for the disk to flush it. A committed turn survives the
/// process being killed (the operating system holds the write); a power cut or an operating
/// system crash can lose the commits since the last checkpoint, which flushes the WAL first:
/// the background checkpoint (<see cref="SqliteCheckpointer"/>) runs at
/// <see cref="StoreOptions.CheckpointPages"/> pages or <see cref="StoreOptions.CheckpointAfter"/> after
/// the last (1 s by default), so that is at most about the last second of commits. FULL (SQLite's default) would flush on every commit,
/// which is most of what a turn costs on ordinary disks.
/// The settings are per connection and outlive a pooled connection's close, so they are applied once
/// to each connection SQLite opens (running them on every open was one more statement per query).
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public const string Pragma = "PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=" + WalSizeLimitBytes
        + "; PRAGMA wal_autocheckpoint=" + BackstopPagesText + ";";

    /// <summary>
    /// SQLite's own checkpoint, inside the commit that fills the WAL to this many pages (its default is
    /// 1,000), with the write gate held through its flushes. The background checkpoint keeps the WAL far
    /// below it (<see cref="StoreOptions.CheckpointRestartPages"/> is at most 16,000), so this only runs for
    /// a store used without a host (a tool, a test that builds the services itself) or should the
    /// background one fail for long.
    /// </summary>
    public static int BackstopPages => int.Parse(BackstopPagesText, System.Globalization.CultureInfo.InvariantCulture);

    private const string BackstopPagesText = "20000";

    /// <summary>
    /// The most the WAL file is left at when SQLite starts it again after a checkpoint (bytes): above
    /// what the background checkpoint lets it reach between restarts at its defaults (4,096 pages of
    /// 4 KB and a quarter of a second of turns), so the file's blocks are written over rather than cut
    /// off and allocated again on every restart, while a burst (a people import's batch) that grew it
    /// further does not leave it large for good. Without a limit the file keeps its largest size.
    /// </summary>
    public static long WalSizeLimit => long.Parse(WalSizeLimitBytes, System.Globalization.CultureInfo.InvariantCulture);

    // Text, so the pragma (a constant other constants build on) and the number are one definition.
    private const string WalSizeLimitBytes = "33554432";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Keyed by SQLite's own connection object, which the driver's pool keeps across opens.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = new();

    private static void Apply(DbConnection connection)
    {
        var handle = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;
        if (handle is not null && Applied.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
        if (handle is not null) Applied.AddOrUpdate(handle, handle);
    }
}
