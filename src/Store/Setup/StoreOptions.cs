namespace CoProduction.Store.Setup;

/// <summary>
/// Which database holds the store. Bound from <c>Store:Provider</c> and <c>ConnectionStrings:Store</c>.
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Store";
    public const string ProviderError = "Store:Provider must be Sqlite or Postgres";
    public const string DataDirectoryError = "The store's data folder is not set: add the store with AddStore, which takes the host's data folder";
    public const string ConnectionStringError = "ConnectionStrings:Store must be set when Store:Provider is Postgres";

    /// <summary>
    /// Kept as text, not the enum, so a wrong value reaches our validation message instead of the
    /// configuration binder's generic conversion error.
    /// </summary>
    public string Provider { get; set; } = nameof(StoreProvider.Sqlite);

    /// <summary>From <c>ConnectionStrings:Store</c>; empty means the embedded default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The service's data folder, where the default SQLite file lives. Set by
    /// <see cref="StoreServiceCollectionExtensions.AddStore"/> from the host's one default
    /// (the Bot's DataDirectory: <c>Data:Directory</c>, else <c>data/</c> at the checkout), so no
    /// second default lives here.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The embedded store's file name in the data folder when no connection string is given.</summary>
    public const string DefaultFileName = "coproduction.db";

    /// <summary>
    /// Pages in SQLite's WAL at which the background checkpoint (<see cref="SqliteCheckpointer"/>) copies
    /// them back into the database file and starts the WAL again from its beginning
    /// (<c>Store:CheckpointPages</c>; a page is 4 KB; SQLite's own checkpoint ran at 1,000). Fewer,
    /// larger checkpoints write a page changed by many turns once, and flush the disk less often.
    /// </summary>
    public int CheckpointPages { get; set; } = 4096;

    /// <summary>
    /// The longest commits wait for a checkpoint when turns are few (<c>Store:CheckpointAfter</c>): each
    /// checkpoint first flushes the WAL to the disk, so this bounds what a power cut can lose. SQLite only.
    /// </summary>
    public TimeSpan CheckpointAfter { get; set; } = TimeSpan.FromSeconds(1);

    public const string CheckpointError = "Store:CheckpointPages must be between 100 and 16000, and Store:CheckpointAfter between 50 ms and 60 s";

    /// <summary>Whether the checkpoint settings are in range (SqliteDurability's backstop sits above the largest).</summary>
    public bool CheckpointValid =>
        CheckpointPages is >= 100 and <= 16_000
        && CheckpointAfter >= TimeSpan.FromMilliseconds(50) && CheckpointAfter <= TimeSpan.FromSeconds(60);

    public StoreProvider? ProviderKind =>
        string.Equals(Provider, nameof(StoreProvider.Sqlite), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Sqlite
        : string.Equals(Provider, nameof(StoreProvider.Postgres), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Postgres
        : null;

    public string ResolvedConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : ProviderKind == StoreProvider.Sqlite ? $"Data Source={Path.Combine(DataDirectory ?? throw new InvalidOperationException(DataDirectoryError), DefaultFileName)}"
        : throw new InvalidOperationException(ConnectionStringError);

    /// <summary>
    /// The full path of the SQLite store's file; null on PostgreSQL or for an in-memory SQLite
    /// database. Files that belong with the store (the job storage) are kept beside it.
    /// </summary>
    public string? SqliteFile
    {
        get
        {
            if (ProviderKind != StoreProvider.Sqlite) return null;
            var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ResolvedConnectionString);
            var file = csb.DataSource;
            return csb.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:"
                ? null
                : Path.GetFullPath(file);
        }
    }
}
