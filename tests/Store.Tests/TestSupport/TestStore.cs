using CoProduction.Store.Library;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>
/// A real store, migrated, wired exactly as the host wires it (AddStore), with a fake clock and
/// the fake parser: by default SQLite in a temporary file (a file rather than in-memory so that
/// separate connections can race each other as webhooks do), or a fresh database on the test
/// PostgreSQL server when given that <see cref="IStoreBackend"/>.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;

    private TestStore(IStoreBackend backend, TestDatabase database, string folder, ServiceProvider services, FakeTimeProvider time, FakeSurveyParser parser)
    {
        Backend = backend;
        _database = database;
        Folder = folder;
        Services = services;
        Time = time;
        Parser = parser;
    }

    public IStoreBackend Backend { get; }
    public string Folder { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }
    public FakeSurveyParser Parser { get; }

    /// <param name="settings">More configuration, for example raised disclosure thresholds.</param>
    /// <param name="interceptor">An EF interceptor the store's statements pass through (StoreFaults), as the host's tests register one.</param>
    public static async Task<TestStore> CreateAsync(IStoreBackend? backend = null, IReadOnlyDictionary<string, string?>? settings = null,
        Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        backend ??= SqliteBackend.Instance;
        var folder = Path.Combine(Path.GetTempPath(), "store-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = await backend.CreateDatabaseAsync(folder);
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = backend.Provider,
                ["ConnectionStrings:Store"] = database.ConnectionString,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var time = new FakeTimeProvider(Start);
        var parser = new FakeSurveyParser();
        var collection = new ServiceCollection();
        if (interceptor is not null) collection.AddSingleton(interceptor);
        var services = collection
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<CoProduction.Store.Catalog.ISurveyParser>(parser)
            .AddStore(config, folder)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        await StoreMigrator.MigrateAsync(services);
        return new TestStore(backend, database, folder, services, time, parser);
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Runs <paramref name="work"/> with a fresh scope (a fresh DbContext), as one request would.</summary>
    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> Db<T>(Func<StoreDbContext, Task<T>> query) =>
        InScope(sp => query(sp.GetRequiredService<StoreDbContext>()));

    /// <summary>Imports and publishes a survey, returning its published version.</summary>
    public async Task<int> PublishAsync(SurveyDefinition definition, string revision = "1")
    {
        var yaml = Parser.FileFor(definition, revision);
        return await InScope(async sp =>
        {
            var library = sp.GetRequiredService<SurveyLibrary>();
            var imported = await library.ImportAsync(yaml, CancellationToken.None);
            Assert.True(imported.Succeeded);
            var published = await library.PublishAsync(definition.Id, CancellationToken.None);
            Assert.Equal(PublishStatus.Published, published.Status);
            return published.Version!.Value;
        });
    }

    /// <summary>
    /// Waits until <paramref name="work"/> is stuck behind another transaction's lock. PostgreSQL
    /// says so (pg_stat_activity); SQLite does not, so there a short wait has to do (its writers
    /// wait for each other, so the outcome does not depend on how long).
    /// </summary>
    public async Task WaitUntilBlockedAsync(Task work)
    {
        if (!Backend.ConcurrentWriters)
        {
            await Task.WhenAny(work, Task.Delay(300));
            return;
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!work.IsCompleted)
        {
            var waiting = await Db(db => db.Database.SqlQueryRaw<int>(
                """SELECT COUNT(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""").SingleAsync());
            if (waiting > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The turn never waited for the other transaction's lock.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled connections keep the file open; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
