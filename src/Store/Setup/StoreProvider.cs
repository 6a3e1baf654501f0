namespace CoProduction.Store.Setup;

public enum StoreProvider
{
    /// <summary>An embedded file database: one node, nothing to install.</summary>
    Sqlite,
    /// <summary>For several nodes sharing one store.</summary>
    Postgres,
}
