using System.Diagnostics;
using CoProduction.Bench;
using CoProduction.Store;
using CoProduction.Store.FreeText;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Store.Results.Export;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Results at scale: a survey with N answers (5 questions per response) in SQLite; the results
// query against the plain SQL GROUP BY of the same rows in the same run; then the CSV and XLSX
// exports, each in a child process of its own so its peak memory is the export's alone.
// Usage: dotnet run -c Release --project bench/Results.Bench [-- answers]; --help prints the options.
// The bench starts itself with "export FILE FORMAT" (one export in a process of its own): not for people.
if (args is ["export", var exportFile, var exportFormat])
{
    await ExportAsync(exportFile, exportFormat);
    return 0;
}
if (args is ["reader", var readerFile, var readerName])
{
    await ReaderAsync(readerFile, readerName);
    return 0;
}

var commandLine = BenchCommandLine.Read(args, """
    Results at scale: a survey with N answers (5 questions a response) in a fresh SQLite store; the staff results query
    against the plain SQL GROUP BY of the same rows, then the CSV and XLSX exports, each in a process of its own.
      dotnet run -c Release --project bench/Results.Bench [-- answers]
    """, [], [BenchOption.Whole("answers", "ANSWERS", "how many answers to write (default 1,000,000)")]);
if (commandLine.Exit is { } exit) return exit;
var answers = commandLine.Whole("answers", 1_000_000);
var folder = Path.Combine(Path.GetTempPath(), "results-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, "store.db");
await using var services = Services(file);
await StoreMigrator.MigrateAsync(services);

const string Yaml = """
    id: bench
    title: Bench
    keyword: BENCH
    intro: Hello.
    outro: Thanks.
    questions:
      - { id: happy, type: scale, text: How happy are you?, min: 1, max: 5 }
      - { id: safe, type: yesno, text: Do you feel safe? }
      - id: matters
        type: choice
        text: What matters most?
        options: [ { id: friends, text: Friends }, { id: work, text: Work }, { id: home, text: Home } ]
      - { id: visits, type: number, text: How many visits?, min: 0, max: 60 }
      - { id: change, type: text, text: What should we change? }
    """;
await using (var scope = services.CreateAsyncScope())
{
    var library = scope.ServiceProvider.GetRequiredService<SurveyLibrary>();
    await library.ImportAsync(Yaml, default);
    await library.PublishAsync("bench", default);
}

var responses = answers / 5;
Console.WriteLine($"Results benchmark: {answers:N0} answers ({responses:N0} responses x 5 questions), SQLite at {file}");
var sw = Stopwatch.StartNew();
await using (var scope = services.CreateAsyncScope())
{
    // One response written by EF as the template; the rest are copies made by SQL (a recursive
    // counter), so writing a million answers takes seconds, not an hour of change tracking.
    var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
    var person = new Person { Id = Guid.NewGuid(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
    var session = new Session
    {
        Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "bench", Version = 1, Channel = Channel.Sms,
        Status = SessionStatus.Completed, StateJson = "{}", StartedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow,
    };
    var answer = new Answer { SessionId = session.Id, PersonId = person.Id, SurveyId = "bench", Version = 1, QuestionId = "happy", Raw = "4", Value = "4", Status = AnswerStatus.Answered, Channel = Channel.Sms, At = session.StartedAt };
    db.AddRange(person, session, answer);
    await db.SaveChangesAsync();
    var copies = responses - 1;
    const string PersonId = "printf('%08X-0000-4000-8000-%012X', n.i, n.i)";
    const string SessionId = "printf('%08X-0000-4000-9000-%012X', n.i, n.i)";
    await CloneAsync(db, "People", copies, $"t.\"Id\" = '{person.Id.ToString().ToUpperInvariant()}'", "", new() { ["Id"] = PersonId });
    await CloneAsync(db, "Sessions", copies, $"t.\"Id\" = '{session.Id.ToString().ToUpperInvariant()}'", "",
        new() { ["Id"] = SessionId, ["PersonId"] = PersonId, ["Channel"] = "CASE n.i % 3 WHEN 0 THEN 'Sms' WHEN 1 THEN 'Voice' ELSE 'Web' END" });
    await CloneAsync(db, "Answers", copies, $"t.\"Id\" = {answer.Id}",
        ", (SELECT 'happy' AS q UNION ALL SELECT 'safe' UNION ALL SELECT 'matters' UNION ALL SELECT 'visits' UNION ALL SELECT 'change') qs",
        new()
        {
            ["Id"] = null, ["SessionId"] = SessionId, ["PersonId"] = PersonId, ["QuestionId"] = "qs.q",
            ["Channel"] = "CASE n.i % 3 WHEN 0 THEN 'Sms' WHEN 1 THEN 'Voice' ELSE 'Web' END",
            ["Value"] = """
                CASE qs.q WHEN 'happy' THEN CAST(abs(random()) % 5 + 1 AS TEXT)
                WHEN 'safe' THEN CASE WHEN n.i % 20 = 0 THEN NULL WHEN n.i % 3 = 0 THEN 'no' ELSE 'yes' END
                WHEN 'matters' THEN CASE abs(random()) % 3 WHEN 0 THEN 'friends' WHEN 1 THEN 'work' ELSE 'home' END
                WHEN 'visits' THEN CAST(abs(random()) % 61 AS TEXT)
                ELSE CASE WHEN n.i % 4 = 0 THEN NULL ELSE '=More visits please ' || n.i END END
                """,
            ["Status"] = "CASE WHEN (qs.q = 'safe' AND n.i % 20 = 0) THEN 'Unclear' WHEN (qs.q = 'change' AND n.i % 4 = 0) THEN 'Skipped' ELSE 'Answered' END",
            ["Raw"] = "'x'",
        });
}
Console.WriteLine($"  write the answers           {sw.Elapsed.TotalSeconds,8:F1} s");

// Warm both once (query plans, page cache), then the median of five runs each, interleaved.
var ours = new List<double>();
var plain = new List<double>();
SurveyResults? counted = null;
long plainTotal = 0;
for (var run = 0; run < 6; run++)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
    sw.Restart();
    counted = await scope.ServiceProvider.GetRequiredService<ResultsQuery>().GetAsync("bench", default);
    if (run > 0) ours.Add(sw.Elapsed.TotalMilliseconds);

    sw.Restart();
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using (var command = connection.CreateCommand())
    {
        command.CommandText = "SELECT QuestionId, Status, Value, COUNT(*) FROM Answers WHERE SurveyId = 'bench' GROUP BY QuestionId, Status, Value";
        await using var reader = await command.ExecuteReaderAsync();
        plainTotal = 0;
        while (await reader.ReadAsync()) plainTotal += reader.GetInt64(3);
    }
    if (run > 0) plain.Add(sw.Elapsed.TotalMilliseconds);
}
var oursMedian = ours.Order().ElementAt(ours.Count / 2);
var plainMedian = plain.Order().ElementAt(plain.Count / 2);
var countedTotal = counted!.Questions.Sum(q => q.Answered + q.Counts.Where(c => c.Key is "unclear" or "skipped").Sum(c => c.Value));
Console.WriteLine($"  results query (median of 5) {oursMedian,8:F0} ms  ({counted.Responses:N0} responses, {countedTotal:N0} answers counted)");
Console.WriteLine($"  plain SQL GROUP BY          {plainMedian,8:F0} ms  ({plainTotal:N0} answers counted)");
Console.WriteLine($"  ratio                       {oursMedian / plainMedian,8:F2} x");

// The pages that read answers by survey and question (or survey alone), each in a fresh process: cold = its first call
// (the store's page cache empty, the OS's warm), warm = the median of the next five.
Console.WriteLine($"  {"reader",-27} {"cold ms",8} {"warm ms",8}");
foreach (var reader in new[] { "results", "free-text page 1", "free-text page 2,000", "export columns" })
{
    var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["reader", file, reader]) { RedirectStandardOutput = true })!;
    Console.Write(await child.StandardOutput.ReadToEndAsync());
    await child.WaitForExitAsync();
}

foreach (var format in new[] { "csv", "xlsx" })
{
    var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["export", file, format]) { RedirectStandardOutput = true })!;
    Console.Write(await child.StandardOutput.ReadToEndAsync());
    await child.WaitForExitAsync();
}

if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1") Directory.Delete(folder, recursive: true);
return 0;

/// <summary>INSERT ... SELECT from a template row, once per counter value; columns not overridden are copied (null override: left out).</summary>
static async Task CloneAsync(StoreDbContext db, string table, int copies, string template, string join, Dictionary<string, string?> overrides)
{
    if (copies <= 0) return;
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var columns = new List<string>();
    await using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = $"PRAGMA table_info(\"{table}\")";
        await using var reader = await pragma.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(1));
    }
    var kept = columns.Where(c => !overrides.TryGetValue(c, out var o) || o is not null).ToList();
    var values = kept.Select(c => overrides.TryGetValue(c, out var o) ? o! : $"t.\"{c}\"");
    await using var insert = connection.CreateCommand();
    insert.CommandTimeout = 0;
    insert.CommandText = $"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {copies})
        INSERT INTO "{table}" ({string.Join(", ", kept.Select(c => $"\"{c}\""))})
        SELECT {string.Join(", ", values)} FROM n {join}, "{table}" t WHERE {template}
        """;
    await insert.ExecuteNonQueryAsync();
}

/// <summary>One reader, timed in this process: its first call, then the median of five more.</summary>
static async Task ReaderAsync(string file, string name)
{
    await using var services = Services(file);
    // EF's model and the connection first, so that the cold figure is the reader's own first read.
    await using (var first = services.CreateAsyncScope()) await first.ServiceProvider.GetRequiredService<StoreDbContext>().Surveys.AnyAsync();
    var times = new List<double>();
    string what = "";
    for (var run = 0; run < 6; run++)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var sw = Stopwatch.StartNew();
        what = name switch
        {
            "results" => $"{(await sp.GetRequiredService<ResultsQuery>().GetAsync("bench", default))!.Responses:N0} responses",
            "free-text page 1" => $"{(await sp.GetRequiredService<FreeTextAnswers>().ReadAsync("bench", "change", null, 1, new Actor("bench", null), default)).Value!.Total:N0} written",
            "free-text page 2,000" => $"{(await sp.GetRequiredService<FreeTextAnswers>().ReadAsync("bench", "change", null, 2_000, new Actor("bench", null), default)).Value!.Answers.Count} on the page",
            "export columns" => $"{(await sp.GetRequiredService<ResultsExport>().ColumnsAsync("bench", default))!.Count} columns",
            _ => throw new ArgumentException($"No reader '{name}'."),
        };
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    var warm = times.Skip(1).Order().ElementAt(2);
    Console.WriteLine($"  {name,-27} {times[0],8:F0} {warm,8:F0}  ({what})");
}

static ServiceProvider Services(string file)
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Store"] = $"Data Source={file}" }).Build();
    return new ServiceCollection().AddLogging().AddStore(config, Path.GetDirectoryName(file)!).BuildServiceProvider();
}

static async Task ExportAsync(string file, string format)
{
    await using var services = Services(file);
    await using var scope = services.CreateAsyncScope();
    var export = scope.ServiceProvider.GetRequiredService<ResultsExport>();
    var columns = (await export.ColumnsAsync("bench", default))!;
    var output = Path.Combine(Path.GetDirectoryName(file)!, "export." + format);
    var before = Process.GetCurrentProcess().PeakWorkingSet64;
    var sw = Stopwatch.StartNew();
    int rows;
    await using (var stream = File.Create(output))
    {
        rows = format == "csv"
            ? await CsvExport.WriteAsync(stream, columns, export.RowsAsync("bench", new ExportFilter(), columns, default), default)
            : XlsxExport.Write(stream, columns, export.RowsAsync("bench", new ExportFilter(), columns, default).ToBlockingEnumerable());
    }
    var process = Process.GetCurrentProcess();
    Console.WriteLine($"  export {format,-4}                 {sw.Elapsed.TotalSeconds,8:F1} s  ({rows:N0} rows, {new FileInfo(output).Length / 1048576.0:F0} MB file, peak memory {process.PeakWorkingSet64 / 1048576.0:F0} MB; {before / 1048576.0:F0} MB before it began)");
}
