using CoProduction.Testing;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The whole service (<see cref="ServiceFactory"/>) on a store of the given engine: SQLite in its temp folder, or a fresh PostgreSQL database.</summary>
public sealed class BackendService : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private BackendService(ServiceFactory factory, TestDatabase database)
    {
        Factory = factory;
        _database = database;
    }

    public ServiceFactory Factory { get; }

    public static async Task<BackendService> StartAsync(IStoreBackend backend, Action<Dictionary<string, string?>>? configure = null)
    {
        var factory = new ServiceFactory();
        Directory.CreateDirectory(factory.DataDirectory);
        var database = await backend.CreateDatabaseAsync(factory.DataDirectory);
        factory.Settings["Store:Provider"] = backend.Provider;
        factory.Settings["ConnectionStrings:Store"] = database.ConnectionString;
        // On PostgreSQL every node must share the Direct Line secret, so the host will not make one up.
        if (backend.Provider == "Postgres") factory.Settings["DirectLine:Secret"] = "backend-directline-secret-0123456789";
        configure?.Invoke(factory.Settings);
        return new BackendService(factory, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
