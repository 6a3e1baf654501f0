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
