using System.Diagnostics;
using System.Text;
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
// Usage: dotnet run -c Release --project bench/Scheduling.Bench [-- people [ratePerSecond]]
var people = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var rate = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;

var folder = Path.Combine(Path.GetTempPath(), "scheduling-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, "store.db");
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Store"] = $"Data Source={file}" }).Build();
await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddStore(config, folder).AddScheduling()
    .Configure<SchedulingOptions>(o => { o.BatchSize = 1000; o.MessagesPerSecond = rate; })
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
var csv = new StringBuilder("name,phone,channel,timezone,next_checkin,groups\n");
for (var i = 0; i < people; i++)
{
    csv.Append("Person ").Append(i).Append(",+4474").Append((100_000_000 + i).ToString()[1..]).Append(",sms,")
       .Append(zones[i % zones.Length]).Append(',').Append(today.ToString("yyyy-MM-dd")).Append(",everyone\n");
}

Console.WriteLine($"Scheduling benchmark: {people:N0} people, SQLite at {file}");
var sw = Stopwatch.StartNew();
var imported = await Scoped(sp => sp.GetRequiredService<PeopleImporter>().ImportAsync(new StringReader(csv.ToString()), false, default));
Console.WriteLine($"  import people (CSV)       {sw.Elapsed.TotalSeconds,8:F2} s  ({imported.Imported:N0} imported, {imported.Errors.Count} errors)");

var round = await Scoped(sp => sp.GetRequiredService<RoundPlanner>().CreateAsync(
    new RoundRequest("checkin", ["everyone"], "preferred", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(14)), default));
sw.Restart();
var roundCount = await Scoped(sp => sp.GetRequiredService<RoundInvitationsJob>().RunAsync(round.Id!.Value, default));
var roundTime = sw.Elapsed;
sw.Restart();
var checkinCount = await Scoped(sp => sp.GetRequiredService<CheckinJob>().RunForDayAsync(today, default));
var checkinTime = sw.Elapsed;
var scheduled = roundTime + checkinTime;
Console.WriteLine($"  schedule a round          {roundTime.TotalSeconds,8:F2} s  ({roundCount:N0} invitations)");
Console.WriteLine($"  a day of check-ins        {checkinTime.TotalSeconds,8:F2} s  ({checkinCount:N0} invitations)");

// The baseline: the very same rows, read back, deleted, and inserted again with plain batched
// multi-row INSERTs in one transaction (no idempotency checks, no EF).
var (columns, rows) = await ReadInvitationsAsync(file);
await ExecAsync(file, "DELETE FROM \"Invitations\"");
sw.Restart();
await RawInsertAsync(file, columns, rows);
var raw = sw.Elapsed;
Console.WriteLine($"  raw batched insert        {raw.TotalSeconds,8:F2} s  ({rows.Count:N0} rows)");
Console.WriteLine($"  ratio scheduled / raw     {scheduled / raw,8:F2} x  (goal: within 4x)");

// The sender: as fast as it may go for a few seconds, timed on the real clock.
var limiter = services.GetRequiredService<SendRateLimiter>();
var stamps = new List<long>();
var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3;
var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
{
    while (Stopwatch.GetTimestamp() < until)
    {
        await limiter.WaitAsync("+447700900000", default);
        lock (stamps) stamps.Add(Stopwatch.GetTimestamp());
    }
})).ToArray();
await Task.WhenAll(senders);
stamps.Sort();
var most = 0;
for (int i = 0, j = 0; i < stamps.Count; i++)
{
    while (stamps[i] - stamps[j] >= Stopwatch.Frequency) j++;
    most = Math.Max(most, i - j + 1);
}
var overall = (stamps.Count - 1) / ((stamps[^1] - stamps[0]) / (double)Stopwatch.Frequency);
Console.WriteLine($"  sender: configured {rate}/s; most in any 1 s window {most}; average {overall:F2}/s over {stamps.Count} sends; {(most <= Math.Ceiling(rate) ? "never exceeded" : "EXCEEDED")}");

SqliteConnection.ClearAllPools();
try { Directory.Delete(folder, true); } catch (IOException) { }
return most <= Math.Ceiling(rate) ? 0 : 1;

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
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    // SQLite allows 32,766 parameters a statement.
    var perStatement = Math.Max(1, 32_000 / columns.Length);
    var names = string.Join(",", columns.Select(c => $"\"{c}\""));
    foreach (var batch in rows.Chunk(perStatement))
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"Invitations\" ({names}) VALUES ");
        for (var r = 0; r < batch.Length; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < columns.Length; c++)
            {
                var p = $"@p{r}_{c}";
                sql.Append(c == 0 ? p : "," + p);
                command.Parameters.AddWithValue(p, batch[r][c] ?? DBNull.Value);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync();
    }
    await transaction.CommitAsync();
}
