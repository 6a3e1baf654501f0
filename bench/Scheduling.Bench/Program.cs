using System.Diagnostics;
using System.Text;
using CoProduction.Bench;
using CoProduction.Scheduling;
using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.People;
using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Rounds;
using CoProduction.Store;
using CoProduction.Store.Library;
using CoProduction.Store.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Scheduling at scale: a round and a day of check-ins for N people, against a raw batched insert
// of the same rows in the same run; then the sender's measured rate against the configured one.
// Usage: dotnet run -c Release --project bench/Scheduling.Bench [-- people [ratePerSecond]]; --help prints the options.
var commandLine = BenchCommandLine.Read(args, """
    Scheduling at scale: N people imported from a CSV file, a round and a day of check-ins for all of them, against a
    plain batched insert of the same rows in the same run; then the sender's measured rate against the configured one.
      dotnet run -c Release --project bench/Scheduling.Bench [-- people [ratePerSecond]]
    Environment: BENCH_ONLY=import (stop after the import) or sender (at most 5,000 people, the sender alone);
    BENCH_PROFILE=1 (each statement's time, summed by its text).
    """, [],
    [
        BenchOption.Whole("people", "PEOPLE", "how many people (default 100,000)"),
        BenchOption.Number("rate", "RATE", "messages a second the sender may hand over (default 50)"),
    ]);
if (commandLine.Exit is { } exit) return exit;
var people = commandLine.Whole("people", 100_000);
var rate = commandLine.Number("rate", 50);

var folder = Path.Combine(Path.GetTempPath(), "scheduling-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, "store.db");
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Store"] = $"Data Source={file}" }).Build();
var profile = Environment.GetEnvironmentVariable("BENCH_PROFILE") == "1";
var sc = new ServiceCollection();
if (profile) sc.AddSingleton<IDbContextFactory<StoreDbContext>>(new ProfiledFactory($"Data Source={file};Default Timeout=30"));
if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "sender") people = Math.Min(people, 5_000);
await using var services = sc.AddLogging().AddSingleton<IConfiguration>(config).AddStore(config, folder).AddScheduling()
    .AddScoped<CoProduction.Scheduling.Starting.ISurveyStarter, TwoTextStarter>()
    .Configure<SchedulingOptions>(o => { o.BatchSize = 1000; o.MessagesPerSecond = rate; o.DispatchTimeBudget = TimeSpan.FromSeconds(10); })
    .BuildServiceProvider();
await StoreMigrator.MigrateAsync(services);

async Task<T> Scoped<T>(Func<IServiceProvider, Task<T>> work)
{
    await using var scope = services.CreateAsyncScope();
    return await work(scope.ServiceProvider);
}

await Scoped(async sp =>
{
    var library = sp.GetRequiredService<SurveyLibrary>();
    await library.ImportAsync("id: checkin\ntitle: Check-in\nkeyword: CHECKIN\nintro: Hello.\noutro: Thanks.\nquestions:\n  - id: happy\n    type: scale\n    text: How happy are you?\n    min: 1\n    max: 5\n", default);
    return await library.PublishAsync("checkin", default);
});

var today = DateOnly.FromDateTime(DateTime.UtcNow);
var zones = new[] { "Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata" };
// The file is written to disk first and read as a stream, as an upload is.
var csvFile = Path.Combine(folder, "people.csv");
await using (var csvWriter = new StreamWriter(csvFile))
{
    await csvWriter.WriteAsync("name,phone,channel,timezone,next_checkin,groups\n");
    for (var i = 0; i < people; i++)
    {
        await csvWriter.WriteAsync($"Person {i},+4474{(100_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)[1..]},sms,{zones[i % zones.Length]},{today:yyyy-MM-dd},everyone\n");
    }
}

Console.WriteLine($"Scheduling benchmark: {people:N0} people, SQLite at {file}");
var memory = MemoryWatch.Start();
// Reading and checking alone (CSV, phone numbers, dates, time zones), no store: what the writing runs beside.
{
    var checkErrors = new List<ImportError>();
    var limits = CoProduction.Scheduling.People.PersonFields.Limits.From(services.GetRequiredService<FieldLimits>());
    using var reader = new StreamReader(csvFile);
    var sw0 = Stopwatch.StartNew();
    var count = 0;
    await foreach (var _ in PeopleCsvReader.ReadAsync(reader, limits, checkErrors, default)) count++;
    Console.WriteLine($"  check CSV only (no store) {sw0.Elapsed.TotalSeconds,8:F2} s  ({count:N0} rows; {count / sw0.Elapsed.TotalSeconds:N0} rows/s)  {memory.Report()}");
}
var sw = Stopwatch.StartNew();
var imported = await Scoped(async sp =>
{
    using var reader = new StreamReader(csvFile);
    return await sp.GetRequiredService<PeopleImporter>().ImportAsync(reader, false, default);
});
if (profile) SqlProfile.Instance.Report("import");
Console.WriteLine($"  import people (CSV)       {sw.Elapsed.TotalSeconds,8:F2} s  ({imported.Imported:N0} imported, {imported.Errors.Count} errors; {people / sw.Elapsed.TotalSeconds:N0} rows/s, goal 20,000)  {memory.Report()}");
if (imported.Errors.Count > 0) Console.WriteLine($"  first error: line {imported.Errors[0].Line}: {imported.Errors[0].Reason}");
if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "import") return 0;

var round = await Scoped(sp => sp.GetRequiredService<RoundPlanner>().CreateAsync(
    new RoundRequest("checkin", ["everyone"], "preferred", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(14)), default));
memory.Report();
sw.Restart();
var roundCount = await Scoped(sp => sp.GetRequiredService<RoundInvitationsJob>().RunAsync(round.Id!.Value, default));
var roundTime = sw.Elapsed;
var roundMemory = memory.Report();
if (profile) SqlProfile.Instance.Report("round");
sw.Restart();
var checkinCount = await Scoped(sp => sp.GetRequiredService<CheckinJob>().RunForDayAsync(today, default));
var checkinTime = sw.Elapsed;
var checkinMemory = memory.Report();
if (profile) SqlProfile.Instance.Report("checkin");
var scheduled = roundTime + checkinTime;
Console.WriteLine($"  schedule a round          {roundTime.TotalSeconds,8:F2} s  ({roundCount:N0} invitations; goal: under 60 s)  {roundMemory}");
Console.WriteLine($"  a day of check-ins        {checkinTime.TotalSeconds,8:F2} s  ({checkinCount:N0} invitations; goal: under 60 s)  {checkinMemory}");
if (Environment.GetEnvironmentVariable("BENCH_ONLY") == "jobs")
{
    SqliteConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1") try { Directory.Delete(folder, true); } catch (IOException) { }
    return 0;
}

// The baseline: the very same rows, read back, deleted, and inserted again the plain way: one
// prepared, parameterised INSERT of the same columns into the same table (same indexes), one
// transaction per 1,000 rows; no idempotency, no EF. Round rows and check-in rows separately,
// so each job is compared with the raw insert of exactly the rows it made.
// It holds every row in memory, so it runs up to 200,000 people (BENCH_RAW=1 runs it whatever the size).
var raw = TimeSpan.Zero;
if (people <= 200_000 || Environment.GetEnvironmentVariable("BENCH_RAW") == "1")
{
var (columns, rows) = await ReadInvitationsAsync(file);
var kind = Array.IndexOf(columns, "Kind");
var roundRows = rows.Where(r => (string?)r[kind] == "Round").ToList();
var checkinRows = rows.Where(r => (string?)r[kind] != "Round").ToList();
await ExecAsync(file, "DELETE FROM \"Invitations\"");
sw.Restart();
await RawInsertAsync(file, columns, roundRows);
var rawRound = sw.Elapsed;
sw.Restart();
await RawInsertAsync(file, columns, checkinRows);
var rawCheckin = sw.Elapsed;
raw = rawRound + rawCheckin;
Console.WriteLine($"  raw insert, round rows    {rawRound.TotalSeconds,8:F2} s  ({roundRows.Count:N0} rows)");
Console.WriteLine($"  raw insert, check-in rows {rawCheckin.TotalSeconds,8:F2} s  ({checkinRows.Count:N0} rows)");
Console.WriteLine($"  round / raw insert        {roundTime / rawRound,8:F2} x  (goal: within 4x)");
Console.WriteLine($"  check-ins / raw insert    {checkinTime / rawCheckin,8:F2} x  (goal: within 4x)");
Console.WriteLine($"  both jobs / raw insert    {scheduled / raw,8:F2} x");
}
else
{
    Console.WriteLine("  raw insert baseline       skipped above 200,000 people (it holds every row in memory; BENCH_RAW=1 runs it)");
}

// Safe to run twice: the same jobs again over the full table make nothing new.
sw.Restart();
var again = await Scoped(sp => sp.GetRequiredService<RoundInvitationsJob>().RunAsync(round.Id!.Value, default))
    + await Scoped(sp => sp.GetRequiredService<CheckinJob>().RunForDayAsync(today, default));
var total = await Scoped(sp => sp.GetRequiredService<StoreDbContext>().Invitations.CountAsync());
Console.WriteLine($"  both jobs run again       {sw.Elapsed.TotalSeconds,8:F2} s  ({again:N0} new invitations; {total:N0} in all)");
if (again != 0 || total != roundCount + checkinCount) { Console.WriteLine("  RUNNING AGAIN MADE DUPLICATES"); return 2; }

// The sender, through the real dispatcher (opt-out, quiet-hours and busy checks, claims, the rate
// limiter in the store), for 10 s on the real clock; every invitation is two texts (an intro and a
// first question), so the rate is counted in messages, as Twilio counts them.
// Only the round's invitations, and no quiet hours: what is measured is the pace, not who waits
// for the morning (a person's check-in would wait while their round invitation is open).
await ExecAsync(file, "DELETE FROM \"Invitations\" WHERE \"Kind\" <> 'Round'");
var settings = services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
settings.QuietHoursStart = settings.QuietHoursEnd;
if (profile) SqlProfile.Instance.Report("before the sender");
var report = await Scoped(sp => sp.GetRequiredService<InvitationDispatcher>().RunAsync(default));
if (profile) SqlProfile.Instance.Report("sender");
var stamps = TwoTextStarter.Stamps;
if (stamps.Count < 2)
{
    Console.WriteLine($"  sender: nothing sent (sent {report.Sent}, deferred {report.Deferred}, skipped {report.Skipped}, failed {report.Failed}, opted out {report.OptedOut})");
    return 1;
}
stamps.Sort();
var most = 0;
for (int i = 0, j = 0; i < stamps.Count; i++)
{
    while (stamps[i] - stamps[j] >= Stopwatch.Frequency) j++;
    most = Math.Max(most, i - j + 1);
}
var span = (stamps[^1] - stamps[0]) / (double)Stopwatch.Frequency;
// Achieved rate: the messages in whole slots over the run, against what the configured rate allows in that time.
var achieved = stamps.Count / (span + 1 / rate);
var ratio = achieved / rate;
Console.WriteLine($"  sender (dispatcher, 2 texts an invitation) {report.Sent:N0} invitations = {stamps.Count:N0} messages in {span:F1} s: "
    + $"{achieved:F2}/s, {ratio:P1} of the configured {rate}/s (goal: 95-100%); most in any 1 s window {most}");
var senderOk = ratio >= 0.95 && most <= Math.Ceiling(rate);

SqliteConnection.ClearAllPools();
if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1") try { Directory.Delete(folder, true); } catch (IOException) { }
return senderOk ? 0 : 1;

static async Task<(string[] Columns, List<object?[]> Rows)> ReadInvitationsAsync(string file)
{
    await using var connection = new SqliteConnection($"Data Source={file}");
    await connection.OpenAsync();
    var command = connection.CreateCommand();
    command.CommandText = "SELECT * FROM \"Invitations\"";
    await using var reader = await command.ExecuteReaderAsync();
    var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
    var rows = new List<object?[]>();
    while (await reader.ReadAsync())
    {
        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        rows.Add(values);
    }
    return (columns, rows);
}

static async Task ExecAsync(string file, string sql)
{
    await using var connection = new SqliteConnection($"Data Source={file}");
    await connection.OpenAsync();
    var command = connection.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}

static async Task RawInsertAsync(string file, string[] columns, List<object?[]> rows)
{
    await using var connection = new SqliteConnection($"Data Source={file}");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = $"INSERT INTO \"Invitations\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) "
        + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
    var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"@p{i}", null))).ToArray();
    foreach (var batch in rows.Chunk(1000))
    {
        await using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        foreach (var row in batch)
        {
            for (var c = 0; c < parameters.Length; c++) parameters[c].Value = row[c] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}

sealed class ProfiledFactory(string cs) : IDbContextFactory<StoreDbContext>
{
    // The service's own settings (synchronous=NORMAL, the value guard), so profiling times the same work.
    private readonly DbContextOptions<StoreDbContext> _options = new DbContextOptionsBuilder<StoreDbContext>().UseSqlite(cs)
        .AddInterceptors(new CoProduction.Store.Setup.SqliteDurability(), SqlProfile.Instance).Options;
    public StoreDbContext CreateDbContext() => new(_options);
}

/// <summary>Sends nothing: notes when each of an invitation's two texts would have gone.</summary>
sealed class TwoTextStarter : CoProduction.Scheduling.Starting.ISurveyStarter
{
    public static readonly List<long> Stamps = [];

    public Task<CoProduction.Scheduling.Starting.StartResult> StartAsync(CoProduction.Scheduling.Starting.SurveyStart start, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        lock (Stamps) { Stamps.Add(now); Stamps.Add(now); }
        return Task.FromResult(CoProduction.Scheduling.Starting.StartResult.Sent("SM" + start.InvitationId.ToString("N"), messages: 2));
    }
}
