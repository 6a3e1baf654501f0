using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Store.Setup;

/// <summary>
/// With the store in WAL mode, synchronous=NORMAL writes each commit to the WAL file before the
/// reply goes out but does not wait for the disk to flush it. A committed turn survives the
/// process being killed (the operating system holds the write); a power cut or an operating
/// system crash can lose the last moments of commits since the last checkpoint. FULL (SQLite's
/// default) would flush on every commit, which is most of what a turn costs on ordinary disks.
/// The setting is per connection and outlives a pooled connection's close, so it is applied once
/// to each connection SQLite opens (running it on every open was one more statement per query).
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public const string Pragma = "PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=" + WalSizeLimitBytes + ";";

    /// <summary>
    /// The most the WAL file is left at when SQLite starts it again after a checkpoint (bytes): twice
    /// what the automatic checkpoint lets it reach (1,000 pages of 4 KB), so a burst that grew it
    /// further does not leave it large for good. Without a limit the file keeps its largest size.
    /// </summary>
    public static long WalSizeLimit => long.Parse(WalSizeLimitBytes, System.Globalization.CultureInfo.InvariantCulture);

    // Text, so the pragma (a constant other constants build on) and the number are one definition.
    private const string WalSizeLimitBytes = "8388608";

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
