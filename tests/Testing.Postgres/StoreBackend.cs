namespace CoProduction.Testing;

/// <summary>
/// A database engine the store's and the scheduling jobs' tests run on. Test classes that matter on every engine are
/// abstract and take one of these; each has a concrete subclass per engine (SQLite and
/// PostgreSQL), so the same assertions run on both.
/// </summary>
public interface IStoreBackend
{
    /// <summary>"Sqlite" or "Postgres", as in <c>Store:Provider</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// Whether two transactions can write at the same moment. SQLite takes one writer at a time
    /// (the others wait), so races between writers only happen on PostgreSQL.
    /// </summary>
    bool ConcurrentWriters { get; }

    /// <summary>A new, empty database (schema not yet applied); <paramref name="folder"/> is the test's temp folder.</summary>
    Task<TestDatabase> CreateDatabaseAsync(string folder);
}

/// <summary>One test's own database: its connection string and how to throw it away.</summary>
public sealed class TestDatabase(string connectionString, Func<ValueTask> drop) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => drop();
}

/// <summary>A file per test in the test's temp folder: the file goes with the folder.</summary>
public sealed class SqliteBackend : IStoreBackend
{
    public static readonly SqliteBackend Instance = new();

    public string Provider => "Sqlite";
    public bool ConcurrentWriters => false;

    public Task<TestDatabase> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new TestDatabase($"Data Source={Path.Combine(folder, "store.db")}", () => ValueTask.CompletedTask));
}
