using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.People;
using CoProduction.Scheduling.Rounds;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Scheduling.Tests.TestSupport;

/// <summary>
/// Scheduling against a real store, wired as the host wires it, with a fake clock and a fake
/// starter: by default SQLite in a temp file, or a database on the test PostgreSQL server when
/// given that <see cref="IStoreBackend"/> (the classes that matter on both engines are abstract,
/// with OnSqlite and OnPostgres subclasses, as in the store's tests). Jobs are run directly, as
/// Hangfire would run them.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    public const string CheckinYaml = """
        id: checkin
        title: Yearly check-in
        keyword: CHECKIN
        intro: Hello! A few quick questions. Text STOP to stop.
        outro: Thank you.
        questions:
          - id: happy
            type: scale
            text: How happy are you with your support?
            min: 1
            max: 5
        """;

    private readonly TestDatabase _database;

    private Harness(IStoreBackend backend, TestDatabase database, string folder, ServiceProvider services, FakeTimeProvider time, FakeStarter starter)
    {
        Backend = backend;
        _database = database;
        Folder = folder;
        Services = services;
        Time = time;
        Starter = starter;
    }

    public IStoreBackend Backend { get; }
    public string Folder { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }
    public FakeStarter Starter { get; }

    /// <summary>A Monday at noon in London (winter time).</summary>
    public static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Harness> CreateAsync(DateTimeOffset? start = null, Action<SchedulingOptions>? configure = null, IStoreBackend? backend = null)
    {
        backend ??= SqliteBackend.Instance;
        var folder = Path.Combine(Path.GetTempPath(), "scheduling-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = await backend.CreateDatabaseAsync(folder);
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = backend.Provider,
                ["ConnectionStrings:Store"] = database.ConnectionString,
            })
            .Build();
        var time = new FakeTimeProvider(start ?? Noon);
        var starter = new FakeStarter(time);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<TimeProvider>(time)
            .AddStore(config, folder)
            .AddScheduling()
            .AddSingleton(starter)
            .AddScoped<ISurveyStarter>(sp => sp.GetRequiredService<FakeStarter>())
            .Configure<SchedulingOptions>(o =>
            {
                o.BatchSize = 50;
                o.DispatchTimeBudget = TimeSpan.FromHours(6);
                configure?.Invoke(o);
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await StoreMigrator.MigrateAsync(services);
        var harness = new Harness(backend, database, folder, services, time, starter);
        await harness.PublishAsync(CheckinYaml, "checkin");
        return harness;
    }

    public async Task<T> Run<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> Db<T>(Func<StoreDbContext, Task<T>> query) => Run(sp => query(sp.GetRequiredService<StoreDbContext>()));

    public Task PublishAsync(string yaml, string id) => Run(async sp =>
    {
        var library = sp.GetRequiredService<SurveyLibrary>();
        Assert.True((await library.ImportAsync(yaml, default)).Succeeded);
        await library.PublishAsync(id, default);
        return 0;
    });

    public Task<PeopleImportResult> ImportAsync(string csv, bool partial = false) =>
        Run(sp => sp.GetRequiredService<PeopleImporter>().ImportAsync(new StringReader(csv), partial, default));

    /// <summary>A round of the check-in survey for <paramref name="groups"/> (separated by ';'), open from now for 14 days: its id.</summary>
    public async Task<Guid> RoundAsync(string groups = "homes", string channel = "preferred", double? reminderDays = null, int? reminders = null)
    {
        var created = await Run(sp => sp.GetRequiredService<RoundPlanner>().CreateAsync(
            new RoundRequest("checkin", groups.Split(';'), channel, Time.GetUtcNow(), Time.GetUtcNow().AddDays(14), reminderDays, reminders), default));
        Assert.True(created.Succeeded, string.Join(" ", created.Problems));
        return created.Id!.Value;
    }

    public Task<Person> PersonAsync(string phone) => Db(db => db.People.AsNoTracking().SingleAsync(p => p.Phone == phone));

    public Task<List<Invitation>> InvitationsAsync() => Db(db => db.Invitations.AsNoTracking().ToListAsync());

    /// <summary>
    /// Runs the dispatcher to the end, moving the fake clock on meanwhile so that the rate
    /// limiter's waits pass (each step is a small slice of fake time).
    /// </summary>
    public async Task<DispatchReport> DispatchAsync(TimeSpan? step = null)
    {
        var run = Task.Run(() => Run(sp => sp.GetRequiredService<InvitationDispatcher>().RunAsync(default)));
        var slice = step ?? TimeSpan.FromMilliseconds(100);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1));
            if (!run.IsCompleted) Time.Advance(slice);
        }
        return await run;
    }

    public Task<int> CheckinsAsync(DateOnly day) => Run(sp => sp.GetRequiredService<CheckinJob>().RunForDayAsync(day, default));

    public Task<int> HousekeepingAsync() => Run(sp => sp.GetRequiredService<HousekeepingJob>().RunAsync(default));

    public Task<int> RoundInvitationsAsync(Guid round) => Run(sp => sp.GetRequiredService<RoundInvitationsJob>().RunAsync(round, default));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
