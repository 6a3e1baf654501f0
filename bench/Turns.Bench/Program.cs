using System.Diagnostics;
using System.Globalization;
using CoProduction.Bench;
using CoProduction.Testing.Postgres;
using CoProduction.Turns.Bench;
using Npgsql;

// One command for the cost of a turn. Every server runs in its own process pinned to core 0;
// this load client runs on core 1. In one run: a bare endpoint that reads the same form and
// answers constant TwiML; the full SMS turn on SQLite and on PostgreSQL from 1 to 64 phones;
// a web chat turn through Direct Line. Afterwards every acknowledged turn must be in the store.
// Usage: dotnet run -c Release --project bench/Turns.Bench [-- options]; --help prints them (Options below).
// The bench starts itself with --bare (the bare endpoint) and --readers N (the answer readers' timings): not for people.
if (args.Length > 0 && args[0] == "--bare")
{
    await BareEndpoint.RunAsync(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "--readers")
{
    ReaderTimings.Run(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var commandLine = BenchCommandLine.Read(args, About, Options);
if (commandLine.Exit is { } exit) return exit;
var pairWith = commandLine.Text("--pair");
var chatRatioAlone = commandLine.Has("--chat-ratio");
var bareRatioAlone = commandLine.Has("--bare-ratio");
if (PairMistake() is { } pairMistake) return commandLine.Refuse(pairMistake);
var seconds = commandLine.Whole("--seconds", pairWith is null ? 8 : 15);
var warmUp = TimeSpan.FromSeconds(commandLine.Whole("--warmup", 2));
var measure = TimeSpan.FromSeconds(seconds);
var levels = commandLine.Wholes("--phones", commandLine.Text("--postgres-alternate") is not null ? "32" : bareRatioAlone ? "8,32,64" : pairWith is null && !chatRatioAlone ? "1,8,32,64" : "8");
// Web chat against the SMS turn interleaved on one service (ChatRatio): its rounds in the one command, and its chat rows.
var ratioRounds = commandLine.Whole("--ratio-rounds", 6);
var ratioRows = commandLine.Choices("--ratio-rows", ChatRatio.DefaultRows);
// A pair's or --chat-ratio's warm-up: that many seconds of load instead of the warm rule (checks of the bench itself).
var warmFor = commandLine.Text("--warm-for") is null ? (TimeSpan?)null : TimeSpan.FromSeconds(commandLine.Whole("--warm-for", 0));
var withPostgres = !commandLine.Has("--no-postgres");
// A PostgreSQL server setting decided by alternation on one warm service (PostgresAlternation): that row alone.
var alternate = commandLine.Settings("--postgres-alternate");
var withChat = !commandLine.Has("--no-chat") && alternate.Count == 0;
var withSqlite = !commandLine.Has("--no-sqlite") && alternate.Count == 0;
var withBare = !commandLine.Has("--no-bare") && alternate.Count == 0;
// Every warm-up window printed, and a level at 8 phones measured where the quiet-JIT rule alone (the rule before) would have ended.
var traceWarmUp = commandLine.Has("--warmup-trace");
// Each level measured this many times; the rows print the median and the spread (lowest and highest).
var repeats = Math.Max(1, commandLine.Whole("--repeats", 3));
// The runs after a level's first: connections made again and a second of texts before counting.
var againWarmUp = warmUp < TimeSpan.FromSeconds(1) ? warmUp : TimeSpan.FromSeconds(1);

if (commandLine.Text("--target") is { } target)
{
    // Load only, against a service started by hand (for profiling it with dotnet-trace or dotnet-counters).
    if (commandLine.Has("--chat") || commandLine.Has("--chat-stream"))
    {
        // Web chat visitors instead of phones; the secret is the service's DirectLine:Secret.
        var chatLoad = new ChatLoad(new Uri(target), commandLine.Text("--secret") ?? "bench-direct-line-secret-0123456789", stream: commandLine.Has("--chat-stream"), keepConversation: commandLine.Has("--keep"), newVisitorsOnly: commandLine.Has("--new-visitors"), oneAddress: commandLine.Has("--one-address"));
        var chat = await chatLoad.RunAsync(levels[0], warmUp, measure);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{levels[0]} chat visitors ({chatLoad.Mode}): {chat.PerSecond:N0} turns/s, p50 {chat.P50:0.0} ms, p99 {chat.P99:0.0} ms, {chat.Failures} failed"));
        if (chatLoad.FailureReasons is { Length: > 0 } reasons) Console.WriteLine("  failed requests, warm-up included: " + reasons);
        return 0;
    }
    using var targetScrape = new HttpClient();
    foreach (var phones in levels)
    {
        var targetLoad = new SmsLoad(new Uri(target), commandLine.Text("--token") ?? "bench-auth-token-0123456789abcdef");
        var counted = await ServiceCounters.ReadAsync(targetScrape, new Uri(target));
        var only = await targetLoad.RunAsync(phones, warmUp, measure);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phones} phones: {only.PerSecond:N0} turns/s, p50 {only.P50:0.0} ms, p99 {only.P99:0.0} ms, {only.Failures} failed {targetLoad.FirstFailure}"));
        if (ServiceCounters.Describe(counted, await ServiceCounters.ReadAsync(targetScrape, new Uri(target)), targetLoad.Acknowledged) is { Length: > 0 } counters)
            Console.WriteLine("  " + counters);
    }
    return 0;
}

if (Environment.ProcessorCount > 1 && OperatingSystem.IsLinux())
{
    Process.GetCurrentProcess().ProcessorAffinity = 2; // core 1: the servers have core 0
}

var root = RepositoryRoot();
var self = typeof(BareEndpoint).Assembly.Location;
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0/
var botFolder = Path.Combine(root, "src", "Bot", "bin", configuration, "net10.0");
var botDll = Path.Combine(botFolder, "CoProduction.Bot.dll");
if (!File.Exists(botDll)) throw new InvalidOperationException($"Build the service first: {botDll} is missing.");

if (pairWith is not null)
{
    return await Pair.RunAsync(new PairSettings(
        botDll,
        Pair.BuildOf(pairWith, botDll, configuration)!,
        commandLine.Settings("--a-env"),
        commandLine.Settings("--b-env"),
        levels[0],
        commandLine.Whole("--rounds", 6),
        againWarmUp,
        measure,
        warmUp * 3,
        warmFor,
        commandLine.Choices("--pair-rows", "sms")));
}

if (chatRatioAlone)
{
    // The interleaved ratio alone, on a service of its own from this build, warmed by the bench's rule (or --warm-for).
    var ratioWork = Path.Combine(Path.GetTempPath(), "turns-ratio-" + Guid.NewGuid().ToString("N")[..8]);
    try
    {
        await using var service = await ServiceProcess.StartAsync(botDll, [], LevelRun.Environment(ratioWork, "sqlite"), botFolder);
        Console.WriteLine($"Web chat against the SMS turn (--chat-ratio): {botDll}, process {service.Id} at {service.Url}, pinned to core 0; the load on core 1.");
        await Pair.WarmAsync("service", service, warmFor, warmUp * 3, chat: false);
        await Pair.WarmAsync("service", service, warmFor, warmUp * 3, chat: true);
        var stored = await ChatRatio.RunAsync(service, Path.Combine(ratioWork, "sqlite", "coproduction.db"), levels[0],
            commandLine.Whole("--rounds", 6), againWarmUp, measure, ratioRows);
        Console.WriteLine($"Load average at the end: {Pair.LoadAverage()}.");
        return stored ? 0 : 1;
    }
    finally
    {
        try { Directory.Delete(ratioWork, recursive: true); } catch (IOException) { }
    }
}

if (bareRatioAlone)
{
    // The SMS turn against the bare endpoint, interleaved on two warm servers (BareRatio), at each level.
    var ratioWork = Path.Combine(Path.GetTempPath(), "turns-bare-ratio-" + Guid.NewGuid().ToString("N")[..8]);
    try
    {
        await using var bare = await ServiceProcess.StartAsync(self, ["--bare"], new Dictionary<string, string>(), Path.GetDirectoryName(self)!);
        await using var service = await ServiceProcess.StartAsync(botDll, [], LevelRun.Environment(ratioWork, "sqlite"), botFolder);
        Console.WriteLine($"The SMS turn against the bare endpoint (--bare-ratio): {botDll}, process {service.Id} at {service.Url}, and the bare endpoint, process {bare.Id} at {bare.Url}, both pinned to core 0 (DOTNET_GCgen0size={ServiceProcess.YoungGenerationFloor}); the load on core 1.");
        await Pair.WarmAsync("bare endpoint", bare, warmFor, warmUp * 3, chat: false);
        await Pair.WarmAsync("service", service, warmFor, warmUp * 3, chat: false);
        var stored = await BareRatio.RunAsync(bare, service, Path.Combine(ratioWork, "sqlite", "coproduction.db"), levels,
            commandLine.Whole("--rounds", 6), againWarmUp, measure);
        Console.WriteLine($"Load average at the end: {Pair.LoadAverage()}.");
        return stored ? 0 : 1;
    }
    finally
    {
        try { Directory.Delete(ratioWork, recursive: true); } catch (IOException) { }
    }
}

const string token = LevelRun.Token;
const string secret = LevelRun.Secret;
// The level measured again with the PostgreSQL server on the service's core (issue 14 judges p99 at 32 phones).
const int SharedCoreLevel = 32;
var work = Path.Combine(Path.GetTempPath(), "turns-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
Dictionary<string, string> ServiceEnvironment(string name) => LevelRun.Environment(work, name);

Console.WriteLine($"Turn benchmark: {Environment.ProcessorCount} cores, each level {repeats} runs of {measure.TotalSeconds:0} s (after {warmUp.TotalSeconds:0} s of warm-up for the first, {againWarmUp.TotalSeconds:0} s for the others; the median printed, the lowest and highest beside it); servers pinned to core 0 (the workstation collector, its young generation at least 16 MB: DOTNET_GCgen0size={ServiceProcess.YoungGenerationFloor}), load on core 1.");
Console.WriteLine($"Each service is first warmed up at 8 phones until it is warm: {JitWarmUp.Rule}.");
Console.WriteLine();
var readersOk = await ReaderTimings.MeasureAsync(self, 5_000);
using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var rows = new List<Row>();
var ratioStored = true;

if (withBare)
{
    await using var bare = await ServiceProcess.StartAsync(self, ["--bare"], new Dictionary<string, string>(), Path.GetDirectoryName(self)!);
    // Warmed by the services' rule too: a baseline measured while the runtime still promotes its methods is slower
    // than it will be, and every "of bare" ratio would read higher than it is (round 23: its runs at 8 and 32 phones
    // took 0.050-0.063 ms a request, against 0.035-0.039 once warm).
    await WarmUp(bare, "bare endpoint");
    foreach (var phones in levels) rows.Add(await MeasureSms("bare endpoint", bare, phones, null));
}

if (withSqlite)
{
    await using var sqlite = await ServiceProcess.StartAsync(botDll, [], ServiceEnvironment("sqlite"), botFolder);
    var file = Path.Combine(work, "sqlite", "coproduction.db");
    await WarmUp(sqlite, "SQLite service");
    foreach (var phones in levels) rows.Add(await MeasureSms("SMS turn, SQLite", sqlite, phones, () => LevelRun.CountSqliteAsync(file, "Sms")));
    // The chat's own code warmed as the SMS turn's was (JitWarmUp.RunChatAsync), so the chat rows measure turns, not the JIT.
    if (withChat && !commandLine.Has("--no-chat-warmup"))
    {
        var chatWarm = await JitWarmUp.RunChatAsync(sqlite, secret, warmUp * 3);
        Console.WriteLine($"SQLite service, web chat: {chatWarm}");
    }
    // Web Chat reads replies from the conversation's WebSocket by default: that row is the one the goal is judged on.
    if (withChat) rows.Add(await MeasureChat("chat turn (WebSocket, as Web Chat), SQLite", sqlite, 8, stream: true));
    if (withChat) rows.Add(await MeasureChat("chat turn (polling), SQLite", sqlite, 8, stream: false));
    // The chat message alone: each visitor keeps their conversation and stream, no new token or start among the turns.
    if (withChat) rows.Add(await MeasureChat("chat message (WebSocket, kept conversation), SQLite", sqlite, 8, stream: true, keep: true));
    if (withChat) rows.Add(await MeasureChat("chat message (polling, kept conversation), SQLite", sqlite, 8, stream: false, keep: true));
    // The goal's ratio again, with the SMS turn and the chat rows interleaved round by round on this service (ChatRatio).
    if (withChat && ratioRounds > 0) ratioStored = await ChatRatio.RunAsync(sqlite, file, 8, ratioRounds, againWarmUp, measure, ratioRows);
}

// With --postgres-alternate: whether every turn its rounds acknowledged is stored.
var alternationStored = true;
if (withPostgres)
{
    var server = new PostgresServer(new QuietSink());
    await server.InitializeAsync();
    try
    {
        var database = await server.CreateDatabaseAsync(work);
        var environment = ServiceEnvironment("postgres");
        environment["Store__Provider"] = "Postgres";
        environment["ConnectionStrings__Store"] = database.ConnectionString;
        // The server on the load's core, the service alone on its own (PostgresPinning).
        var postmaster = await PostgresPinning.PinAsync(database.ConnectionString, core: 1);
        Console.WriteLine(postmaster is null ? "PostgreSQL server: not pinned" : "PostgreSQL server: pinned to core 1 with the load; the service has core 0");
        // A deployment's durability (PostgresServerCounts): each commit waits for its WAL to reach the disk.
        var durable = !commandLine.Has("--postgres-no-fsync");
        Console.WriteLine($"PostgreSQL server: {await PostgresServerCounts.DurableAsync(database.ConnectionString, durable, commandLine.Settings("--postgres-set"))}{(durable ? " (as a deployment runs it)" : " (--postgres-no-fsync: a commit is not flushed to disk; no claim rests on these rows)")}");
        await using var postgres = await ServiceProcess.StartAsync(botDll, [], environment, botFolder);
        if (alternate.Count > 0 && warmFor is not null) await Pair.WarmAsync("PostgreSQL service", postgres, warmFor, warmUp * 3, chat: false);
        else await WarmUp(postgres, "PostgreSQL service");
        if (alternate.Count > 0)
        {
            // A setting the server takes only at its start: stopped (a fast shutdown) and started on its port, pinned again.
            async Task<int?> Restart()
            {
                await server.StopServerAsync();
                await server.StartServerAsync();
                // The bench's own pooled connections (its counts of stored turns) went with the old server.
                Npgsql.NpgsqlConnection.ClearAllPools();
                return await PostgresPinning.PinAsync(database.ConnectionString, core: 1);
            }
            alternationStored = await PostgresAlternation.RunAsync(postgres, database.ConnectionString, postmaster, Restart, alternate, levels[0],
                commandLine.Whole("--rounds", 6), againWarmUp, measure, () => CountPostgres(database.ConnectionString));
        }
        else
        {
            foreach (var phones in levels) rows.Add(await MeasurePostgres("SMS turn, PostgreSQL", phones));
            // How much of the rows above is the server sharing the load's core: the same level again with the
            // server on the service's core instead (the load alone on core 1), printed beside, not instead.
            if (postmaster is not null && !commandLine.Has("--no-postgres-shared-core") && levels.Contains(SharedCoreLevel))
            {
                await PostgresPinning.PinAsync(database.ConnectionString, core: 0);
                Console.WriteLine($"PostgreSQL server: pinned to core 0 with the service (the load alone on core 1), {SharedCoreLevel} phones again");
                var beside = await MeasurePostgres("SMS turn, PostgreSQL, server on the service's core", SharedCoreLevel);
                rows.Insert(rows.FindLastIndex(r => r.What == "SMS turn, PostgreSQL" && r.Phones == SharedCoreLevel) + 1, beside);
                await PostgresPinning.PinAsync(database.ConnectionString, core: 1);
            }
        }

        async Task<Row> MeasurePostgres(string what, int phones)
        {
            var (serverCpu, stored) = (postmaster is { } pm ? PostgresPinning.CpuTime(pm) : TimeSpan.Zero, await CountPostgres(database.ConnectionString));
            var counted = await PostgresServerCounts.ReadAsync(database.ConnectionString);
            // Each run's own counts beside its p99: the checkpoints, full-page images, WAL flushes and autovacuums in it.
            var everyRun = new List<string>();
            var row = await MeasureSms(what, postgres, phones, () => CountPostgres(database.ConnectionString), eachRun: async measureRun =>
            {
                var (runBefore, runStored) = (await PostgresServerCounts.ReadAsync(database.ConnectionString), await CountPostgres(database.ConnectionString));
                var machineBefore = MachineCpu.Read(OursCpu());
                var run = await measureRun();
                var machineAfter = MachineCpu.Read(OursCpu());
                var (runAfter, runTurns) = (await PostgresServerCounts.ReadAsync(database.ConnectionString), await CountPostgres(database.ConnectionString) - runStored);
                everyRun.Add(string.Create(CultureInfo.InvariantCulture, $"  run {everyRun.Count + 1}, p99 {run.Result.P99:0.0} ms: {PostgresServerCounts.Why(runBefore, runAfter, runTurns)}{Machine(machineBefore, machineAfter)}"));
                return run;
            });
            var turns = await CountPostgres(database.ConnectionString) - stored;
            if (postmaster is { } pid) Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  PostgreSQL server's own CPU: {(PostgresPinning.CpuTime(pid) - serverCpu).TotalMilliseconds / Math.Max(1, turns):0.00} ms a turn"));
            var whole = await PostgresServerCounts.ReadAsync(database.ConnectionString);
            Console.WriteLine("  " + PostgresServerCounts.Describe(counted, whole, turns));
            Console.WriteLine("  over the row: " + PostgresServerCounts.Why(counted, whole, turns));
            foreach (var line in everyRun) Console.WriteLine(line);
            return row;
        }

        // The CPU of the bench's own processes so far: the service, the server (its ended backends too) and this one (the load).
        TimeSpan OursCpu() => postgres.CpuTime() + (postmaster is { } pm ? PostgresPinning.CpuTime(pm) : TimeSpan.Zero) + Process.GetCurrentProcess().TotalProcessorTime;

        static string Machine(MachineCpu? before, MachineCpu? after) => MachineCpu.Describe(before, after) is { Length: > 0 } said ? "; " + said : "";
    }
    finally
    {
        await server.DisposeAsync();
    }
}

if (alternate.Count == 0) Print(rows);
try { Directory.Delete(work, recursive: true); } catch (IOException) { }
return readersOk && ratioStored && alternationStored && rows.All(r => r.StoredOk) ? 0 : 1;

// Once per service, before its first level: the JIT compiles (and tiers up) the turn's code in the
// first thousands of turns, which the levels would otherwise measure as turn cost (see JitWarmUp).
async Task WarmUp(ServiceProcess service, string what)
{
    var oldRuleMet = false;
    var outcome = await JitWarmUp.RunAsync(service, token, warmUp * 3, !traceWarmUp ? null : async (step, quiet) =>
    {
        Console.WriteLine($"  {what}, {step}{(quiet && !oldRuleMet ? " <- the eighth round's rule (its thresholds) ends here" : "")}");
        if (!quiet || oldRuleMet) return;
        oldRuleMet = true;
        await MeasureSms($"{what} where the eighth round's rule would have ended", service, 8, null, runs: 1);
    });
    Console.WriteLine($"{what}: {outcome}");
}

async Task<Row> MeasureSms(string what, ServiceProcess service, int phones, Func<Task<long>>? stored, int? runs = null, Func<Func<Task<Run>>, Task<Run>>? eachRun = null)
{
    var before = stored is null ? 0 : await stored();
    var counted = await ServiceCounters.ReadAsync(scrape, service.Url);
    var measured = new List<Run>();
    long acknowledged = 0;
    string? firstFailure = null;
    for (var i = 0; i < (runs ?? repeats); i++)
    {
        var ramp = i == 0 ? warmUp : againWarmUp;
        Task<Run> One() => LevelRun.SmsAsync(service, phones, ramp, measure);
        var run = await (eachRun is null ? One() : eachRun(One));
        measured.Add(run);
        acknowledged += run.Acknowledged;
        firstFailure ??= run.Failure;
    }
    var counters = ServiceCounters.Describe(counted, await ServiceCounters.ReadAsync(scrape, service.Url), acknowledged);
    var ok = true;
    string check = "";
    if (stored is not null)
    {
        var rowsStored = await stored() - before;
        ok = rowsStored == acknowledged;
        check = LevelRun.Stored(acknowledged, rowsStored);
    }
    if (firstFailure is { } failure) check += $" (first failure: {failure})";
    var row = new Row(what, phones, measured, check, ok);
    Console.WriteLine(row.Line(null));
    if (measured.Count > 1) Console.WriteLine($"  {what}, {phones} phones, every run: {row.EveryRun}");
    // The collector and where the time went, as the service counted them (its own /metrics), over all the level's runs.
    if (counters.Length > 0) Console.WriteLine($"  {what}, {phones} phones: {counters}");
    return row;
}

async Task<Row> MeasureChat(string what, ServiceProcess service, int visitors, bool stream, bool keep = false)
{
    var methods = await JitWarmUp.CompiledMethodsAsync(scrape, service.Url);
    var measured = new List<Run>();
    double allTurns = 0;
    var reasons = new List<string>();
    for (var i = 0; i < repeats; i++)
    {
        // The warm-up's turns used CPU too: it is spread over every activity the service accepted, the warm-up's included.
        var run = await LevelRun.ChatAsync(service, visitors, new ChatWay(stream, keep), i == 0 ? warmUp : againWarmUp, measure);
        allTurns += run.Acknowledged;
        measured.Add(run);
        if (run.Failure is { } failed) reasons.Add(failed);
    }
    methods = await JitWarmUp.CompiledMethodsAsync(scrape, service.Url) - methods;
    var row = new Row(what, visitors, measured, "", true);
    Console.WriteLine(row.Line(null));
    if (measured.Count > 1) Console.WriteLine($"  {what}, every run: {row.EveryRun}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: the JIT compiled {methods:N0} methods over the row ({methods / Math.Max(1, allTurns) * 1000:0.0} per 1,000 turns)"));
    if (reasons.Count > 0) Console.WriteLine($"  {what}: failed requests, warm-up included: {string.Join("; ", reasons)}");
    return row;
}

static async Task<long> CountPostgres(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM \"InboundMessages\" WHERE \"Channel\" = 'Sms'", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

void Print(List<Row> all)
{
    Console.WriteLine();
    Console.WriteLine($"Each row: the median of {repeats} runs; in brackets the lowest and highest run (turns/s, CPU ms a turn).");
    Console.WriteLine("| what | phones | turns/s | p50 ms | p99 ms | of bare | CPU ms/turn | failed | stored |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var row in all)
    {
        var bare = all.FirstOrDefault(r => r.What == "bare endpoint" && r.Phones == row.Phones);
        Console.WriteLine(row.Line(bare));
    }
    // Issue 14's goal for web chat: a chat turn at most twice an SMS turn's CPU, at the same number of visitors and phones.
    var chats = all.Where(r => r.What.StartsWith("chat", StringComparison.Ordinal)).ToList();
    if (chats.Count > 0) Console.WriteLine();
    foreach (var chat in chats)
    {
        var sms = all.FirstOrDefault(r => r.What == "SMS turn, SQLite" && r.Phones == chat.Phones);
        Console.WriteLine(sms is null
            ? $"{chat.What}: {chat.CpuMsPerTurn:0.00} ms CPU a turn (no SMS row at {chat.Phones} phones to compare with)"
            : string.Create(CultureInfo.InvariantCulture,
                $"{chat.What}: {chat.CpuMsPerTurn:0.00} ms CPU a turn, {chat.CpuMsPerTurn / sms.CpuMsPerTurn:0.00} times the SMS turn on SQLite at {chat.Phones} phones ({sms.CpuMsPerTurn:0.00} ms)"));
    }
}

// What the pair's options get wrong together, before anything starts (printed with the options, exit 2).
string? PairMistake()
{
    // A pair's own option given to a mode that runs one build (--chat-ratio, --bare-ratio, --postgres-alternate).
    string? PairOptionGiven() =>
        new[] { "--a-env", "--b-env", "--pair-rows" }.FirstOrDefault(o => commandLine.Text(o) is not null) is { } pairOption
            ? $"{pairOption} is for a pair: give --pair too."
            : null;

    if (chatRatioAlone)
    {
        if (bareRatioAlone) return "--chat-ratio and --bare-ratio do not go together: run each on its own.";
        if (pairWith is not null) return "--chat-ratio and --pair do not go together: --chat-ratio measures one build.";
        if (commandLine.Text("--target") is not null) return "--chat-ratio and --target do not go together: --chat-ratio starts its service itself.";
        if (PairOptionGiven() is { } pairOption) return pairOption;
        if (commandLine.Wholes("--phones", "8") is not [var visitors] || visitors < 1) return "--chat-ratio measures one level: --phones takes one whole number of at least 1 with it (8 if not given).";
        return null;
    }
    if (bareRatioAlone)
    {
        if (pairWith is not null) return "--bare-ratio and --pair do not go together: --bare-ratio measures one build.";
        if (commandLine.Text("--target") is not null) return "--bare-ratio and --target do not go together: --bare-ratio starts its servers itself.";
        if (commandLine.Text("--postgres-alternate") is not null) return "--bare-ratio and --postgres-alternate do not go together: each is a run of its own.";
        if (PairOptionGiven() is { } pairOption) return pairOption;
        if (commandLine.Wholes("--phones", "8,32,64").Any(p => p < 1)) return "--bare-ratio: every level of --phones must be at least 1.";
        return null;
    }
    if (commandLine.Text("--postgres-alternate") is not null)
    {
        if (pairWith is not null) return "--postgres-alternate and --pair do not go together: the alternation runs one build against itself with two server settings.";
        if (commandLine.Text("--target") is not null) return "--postgres-alternate and --target do not go together: it starts its PostgreSQL server and service itself.";
        if (commandLine.Has("--no-postgres")) return "--postgres-alternate needs the PostgreSQL service: leave out --no-postgres.";
        if (commandLine.Has("--postgres-no-fsync")) return "--postgres-alternate decides a setting for a deployment's server: leave out --postgres-no-fsync.";
        if (PairOptionGiven() is { } pairOption) return pairOption;
        if (commandLine.Wholes("--phones", "32") is not [var alternatePhones] || alternatePhones < 1) return "--postgres-alternate measures one level: --phones takes one whole number of at least 1 with it.";
        return null;
    }
    var pairOnly = new[] { "--a-env", "--b-env", "--rounds", "--pair-rows", "--warm-for" }.Where(o => commandLine.Text(o) is not null).ToList();
    if (pairWith is null)
    {
        if (pairOnly.Count == 0) return null;
        return pairOnly[0] is "--rounds" or "--warm-for"
            ? $"{pairOnly[0]} is for a pair, --chat-ratio or --bare-ratio: give one of them too."
            : $"{pairOnly[0]} is for a pair: give --pair too.";
    }
    if (commandLine.Text("--target") is not null) return "--pair and --target do not go together: a pair starts both of its services itself.";
    if (commandLine.Wholes("--phones", "8") is not [var phones] || phones < 1) return "--pair measures one level: --phones takes one whole number of at least 1 with it (8 if not given).";
    var configurationName = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
    if (pairWith != "self" && Pair.BuildOf(pairWith, "", configurationName) is null)
    {
        return $"--pair {pairWith}: no CoProduction.Bot.dll there, nor in its src/Bot/bin/Release/net10.0 (build it first: dotnet build -c Release), and it is not 'self'.";
    }
    return null;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CoProduction.sln"))) return dir.FullName;
    }
    throw new InvalidOperationException("Run the benchmark from the repository (CoProduction.sln not found above it).");
}

/// <summary>What the bench does and the options it takes (<c>--help</c>).</summary>
internal partial class Program
{
    private const string About = """
        The cost of a turn. In one run: a bare endpoint (the same web server answering constant TwiML), the full SMS turn
        on SQLite and on PostgreSQL (a throwaway server) at each number of phones, and web chat turns through Direct Line;
        each service in its own process pinned to core 0, the load on core 1. Every acknowledged turn must be in the store
        (exit 1 if one is missing).
          dotnet run -c Release --project bench/Turns.Bench [-- options]
        With --target, only the load, on a service you started yourself (for dotnet-trace or dotnet-counters):
          ... -- --target http://127.0.0.1:5099 --token <Twilio:AuthToken> --phones 8 --seconds 30
          ... -- --target http://127.0.0.1:5099 --chat-stream --secret <DirectLine:Secret> --phones 8 [--keep | --new-visitors]
        With --pair, two services side by side to decide a change: A from this build, B from another build's output (or
        this one with other settings), both on core 0, warmed, then rounds in ABBA order at one level; a verdict only when
        the rounds agree (a sign test at 5%):
          ... -- --pair /tmp/other-worktree --rounds 6 --seconds 15 --phones 8
          ... -- --pair self --b-env DOTNET_TieredPGO=0 --pair-rows sms,chat-message
        With --chat-ratio, web chat against the SMS turn on one warm service, interleaved round by round (issue 14: a chat
        turn at most twice an SMS turn's CPU); a verdict only when the rounds agree:
          ... -- --chat-ratio --rounds 6 --seconds 10 --phones 8 --ratio-rows chat,chat-message,chat-message-polling
        With --bare-ratio, the SMS turn against the bare endpoint, both warm, interleaved round by round at each level
        (issue 14: an SMS turn at 20% or more of the bare endpoint's requests a second); a verdict only when the rounds agree:
          ... -- --bare-ratio --rounds 6 --seconds 10 --phones 8,32,64
        """;

    private static readonly BenchOption[] Options =
    [
        BenchOption.Whole("--seconds", "N", "seconds measured in each run of a level (default 8; 15 with --pair)"),
        BenchOption.Whole("--warmup", "N", "seconds of load before a level's first run is counted (default 2; 1 before the others)"),
        BenchOption.Wholes("--phones", "LIST", "the levels: phones (or chat visitors) at once, e.g. 1,8,32,64 (the default); with --pair one level (default 8)"),
        BenchOption.Whole("--repeats", "N", "runs of each level; each row prints their median, lowest and highest (default 3)"),
        BenchOption.Switch("--no-bare", "leave out the bare endpoint's rows"),
        BenchOption.Switch("--no-sqlite", "leave out the SQLite service (its SMS and chat rows)"),
        BenchOption.Switch("--no-postgres", "leave out the PostgreSQL service"),
        BenchOption.Switch("--postgres-no-fsync", "the PostgreSQL server without durability (fsync, synchronous_commit and full_page_writes off, commit_delay 0, as the tests' server): for comparing with rows before the fourteenth round, never for a claim"),
        BenchOption.Setting("--postgres-set", "NAME=VALUE", "a setting for the PostgreSQL server, after the bench's own (ALTER SYSTEM and a reload; may be given again), e.g. checkpoint_timeout=30min: for trying a server setting"),
        BenchOption.Setting("--postgres-alternate", "NAME=VALUE", "only the SMS turn on PostgreSQL at one level (--phones), with the server's setting NAME alternated between the bench's value (A) and VALUE (B) on one warm server and service, --rounds rounds in ABBA order (default 6; a setting taken only at the server's start, e.g. shared_buffers, restarts it before every run); may be given again: for deciding a server setting"),
        BenchOption.Switch("--no-postgres-shared-core", "leave out the PostgreSQL row at 32 phones with the server on the service's core"),
        BenchOption.Switch("--no-chat", "leave out the web chat rows"),
        BenchOption.Switch("--no-chat-warmup", "the chat rows straight after the SMS levels, without warming the chat's code first"),
        BenchOption.Switch("--warmup-trace", "print every warm-up window, and measure 8 phones where the eighth round's rule would have ended"),
        BenchOption.Text("--target", "URL", "load only, on a service started by hand at URL"),
        BenchOption.Text("--token", "TOKEN", "with --target: the service's Twilio:AuthToken"),
        BenchOption.Switch("--chat", "with --target: web chat visitors instead of phones, replies read by polling"),
        BenchOption.Switch("--chat-stream", "with --target: web chat visitors, replies read from the WebSocket as Web Chat reads them"),
        BenchOption.Text("--secret", "SECRET", "with --chat or --chat-stream: the service's DirectLine:Secret"),
        BenchOption.Switch("--keep", "with --chat or --chat-stream: each visitor keeps one conversation (the chat message alone)"),
        BenchOption.Switch("--new-visitors", "with --chat or --chat-stream: new visitors only (a token, a start, the first message)"),
        BenchOption.Switch("--one-address", "with --chat or --chat-stream: every visitor from one loopback address (429s past the token limit)"),
        BenchOption.Text("--pair", "B", "two services side by side: A this build, B the build in folder B (holding CoProduction.Bot.dll, or a worktree's root built in Release), or 'self' for this build again"),
        BenchOption.Whole("--rounds", "N", "with --pair: rounds, each one run of A and one of B, in ABBA order (default 6; a verdict at 5% needs 6 or more); with --chat-ratio, --bare-ratio or --postgres-alternate their rounds", minimum: 1),
        BenchOption.Choices("--pair-rows", "LIST", "with --pair: what is measured, in order, of sms, chat, chat-polling, chat-message, chat-message-polling, new-visitor (default sms: the SMS turn on SQLite)", Pair.RowNames),
        BenchOption.Whole("--ratio-rounds", "N", "rounds of web chat against the SMS turn, interleaved on the SQLite service after the chat rows (default 6; 0: none)", minimum: 0),
        BenchOption.Choices("--ratio-rows", "LIST", "the chat rows compared with the SMS turn round by round, of chat, chat-polling, chat-message, chat-message-polling (default chat,chat-message)", ChatRatio.RowNames),
        BenchOption.Switch("--chat-ratio", "only web chat against the SMS turn, interleaved: one service from this build, warmed, then --rounds rounds (default 6) at one level (--phones, default 8) of the SMS turn and the --ratio-rows"),
        BenchOption.Switch("--bare-ratio", "only the SMS turn against the bare endpoint, interleaved: the bare endpoint and one service from this build, warmed, then --rounds rounds (default 6) at each level of --phones (default 8,32,64)"),
        BenchOption.Setting("--a-env", "NAME=VALUE", "with --pair: a setting for A's service, in its environment (may be given again)"),
        BenchOption.Setting("--b-env", "NAME=VALUE", "with --pair: a setting for B's service, e.g. DOTNET_TieredPGO=0 (may be given again)"),
        BenchOption.Whole("--warm-for", "N", "with --pair, --chat-ratio, --bare-ratio or --postgres-alternate: warm each service with N seconds of load instead of the warm rule (quick checks of the bench; not for a decision)", minimum: 0),
    ];
}

/// <summary>A level, measured one or more times: each figure is the median of its runs (each figure on its own).</summary>
internal sealed record Row(string What, int Phones, IReadOnlyList<Run> Runs, string Check, bool StoredOk)
{
    public double PerSecond => Median(r => r.Result.PerSecond);
    public double CpuMsPerTurn => Median(r => r.CpuMsPerTurn);
    public double P50 => Median(r => r.Result.P50);
    public double P99 => Median(r => r.Result.P99);
    public long Failures => Runs.Sum(r => r.Result.Failures);

    private double Median(Func<Run, double> figure)
    {
        var sorted = Runs.Select(figure).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private string Spread(Func<Run, double> figure, string format) => Runs.Count < 2 ? "" : string.Create(CultureInfo.InvariantCulture,
        $" ({Runs.Min(figure).ToString(format, CultureInfo.InvariantCulture)}-{Runs.Max(figure).ToString(format, CultureInfo.InvariantCulture)})");

    /// <summary>Each run in the order measured: turns a second, CPU a turn, p99.</summary>
    public string EveryRun => string.Join("; ", Runs.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"{r.Result.PerSecond:N0} turns/s, {r.CpuMsPerTurn:0.000} ms CPU a turn, p99 {r.Result.P99:0.0} ms")));

    public string Line(Row? bare)
    {
        var ratio = bare is null || bare == this ? "" : (PerSecond / bare.PerSecond).ToString("P1", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {What} | {Phones} | {PerSecond:N0}{Spread(r => r.Result.PerSecond, "N0")} | {P50:0.0} | {P99:0.0} | {ratio} | {CpuMsPerTurn:0.00}{Spread(r => r.CpuMsPerTurn, "0.00")} | {Failures} | {Check} |");
    }
}

internal sealed class QuietSink : Xunit.Abstractions.IMessageSink
{
    public bool OnMessage(Xunit.Abstractions.IMessageSinkMessage message) => true;
}
