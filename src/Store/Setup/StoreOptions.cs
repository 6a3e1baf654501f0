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

    /// <summary>The host's content root; the default SQLite file lives under its <c>data/</c> folder.</summary>
    public string ContentRoot { get; set; } = Directory.GetCurrentDirectory();

    public StoreProvider? ProviderKind =>
        string.Equals(Provider, nameof(StoreProvider.Sqlite), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Sqlite
        : string.Equals(Provider, nameof(StoreProvider.Postgres), StringComparison.OrdinalIgnoreCase) ? StoreProvider.Postgres
        : null;

    public string ResolvedConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : ProviderKind == StoreProvider.Sqlite ? $"Data Source={Path.Combine(ContentRoot, "data", "coproduction.db")}"
        : throw new InvalidOperationException(ConnectionStringError);
}
