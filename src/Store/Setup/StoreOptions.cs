namespace CoProduction.Store.Setup;

/// <summary>
/// Which database holds the store. Bound from <c>Store:Provider</c> and <c>ConnectionStrings:Store</c>.
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Store";
    public const string ProviderError = "Store:Provider must be Sqlite or Postgres";
    public const string ConnectionStringError = "ConnectionStrings:Store must be set when Store:Provider is Postgres";

    /// <summary>
    /// Kept as text, not the enum, so a wrong value reaches our validation message instead of the
    /// configuration binder's generic conversion error.
    /// </summary>
    public string Provider { get; set; } = nameof(StoreProvider.Sqlite);

    /// <summary>From <c>ConnectionStrings:Store</c>; empty means the embedded default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The service's data folder (<c>Data:Directory</c>); the default SQLite file lives in it.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "data");

    /// <summary>The embedded store's file name in the data folder when no connection string is given.</summary>
    public const string DefaultFileName = "coproduction.db";

    public StoreProvider? ProviderKind =>
        string.Equals(Provider, nameof(StoreProvider.Sqlite), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Sqlite
        : string.Equals(Provider, nameof(StoreProvider.Postgres), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Postgres
        : null;

    public string ResolvedConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : ProviderKind == StoreProvider.Sqlite ? $"Data Source={Path.Combine(DataDirectory, DefaultFileName)}"
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
