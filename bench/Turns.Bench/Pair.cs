using System.Globalization;
using CoProduction.Bench;

namespace CoProduction.Turns.Bench;

/// <summary>What a pair runs: the two services, their settings, the level, the rounds and the rows.</summary>
internal sealed record PairSettings(
    string ADll,
    string BDll,
    IReadOnlyList<KeyValuePair<string, string>> AEnvironment,
    IReadOnlyList<KeyValuePair<string, string>> BEnvironment,
    int Phones,
    int Rounds,
    TimeSpan Ramp,
    TimeSpan Measure,
    TimeSpan WarmMinimum,
    TimeSpan? WarmFor,
    IReadOnlyList<string> Rows);

/// <summary>
/// Two services side by side (<c>--pair</c>): A from this build, B from another build's output or from this one with
/// other settings, both pinned to the same core (core 0) and started together, the load on the other core. Both are
/// warmed by the bench's own rule (<see cref="JitWarmUp"/>), then each row runs its rounds in ABBA order at one level,
/// each run the same seconds, so the machine's drift over minutes falls on both builds alike; the summary
/// (<see cref="PairSummary"/>) gives a verdict only when the rounds agree. Afterwards each service must hold every turn
/// it acknowledged, as the one command checks.
/// </summary>
internal static class Pair
{
    /// <summary>Reads each service's <c>/metrics</c> around a run, for the bytes it allocated a turn.</summary>
    private static readonly HttpClient Scrape = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The rows a pair can run (<c>--pair-rows</c>): the SMS turn on SQLite, and the one command's chat rows.</summary>
    public static readonly string[] RowNames = ["sms", "chat", "chat-polling", "chat-message", "chat-message-polling", "new-visitor"];

    /// <summary>A row's name (<see cref="RowNames"/>) as the output says it, and its chat way (null: the SMS turn).</summary>
    internal static (string What, ChatWay? Chat) Row(string name) => name switch
    {
        "sms" => ("SMS turn, SQLite", null),
        "chat" => ("chat turn (WebSocket, as Web Chat), SQLite", new ChatWay(Stream: true)),
        "chat-polling" => ("chat turn (polling), SQLite", new ChatWay(Stream: false)),
        "chat-message" => ("chat message (WebSocket, kept conversation), SQLite", new ChatWay(Stream: true, Keep: true)),
        "chat-message-polling" => ("chat message (polling, kept conversation), SQLite", new ChatWay(Stream: false, Keep: true)),
        "new-visitor" => ("new visitor (WebSocket: a token, a start, the first message), SQLite", new ChatWay(Stream: true, NewVisitorsOnly: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a pair row"),
    };

    /// <summary>
    /// B's service: <c>self</c> for this build's own, a folder holding <c>CoProduction.Bot.dll</c> (a build's output), or
    /// a worktree's root (its <c>src/Bot/bin/Release/net10.0</c>, or the <paramref name="configuration"/> this bench
    /// runs as); null when none of those has the service built.
    /// </summary>
    public static string? BuildOf(string given, string thisBot, string configuration)
    {
        if (given == "self") return thisBot;
        var folder = Path.GetFullPath(given);
        foreach (var candidate in new[]
        {
            folder,
            Path.Combine(folder, "src", "Bot", "bin", "Release", "net10.0"),
            Path.Combine(folder, "src", "Bot", "bin", configuration, "net10.0"),
        })
        {
            var dll = Path.Combine(candidate, "CoProduction.Bot.dll");
            if (File.Exists(dll)) return dll;
        }
        return null;
    }

    public static async Task<int> RunAsync(PairSettings settings)
    {
        var work = Path.Combine(Path.GetTempPath(), "turns-pair-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"Side by side: {settings.Rounds} rounds in ABBA order (A B, B A, A B, ...), each run {settings.Measure.TotalSeconds:0} s counted after {settings.Ramp.TotalSeconds:0} s of load, at {settings.Phones} phones (or chat visitors); both services pinned to core 0, the load on core 1; load average {LoadAverage()}."));
        Console.WriteLine($"  A: {settings.ADll}{Settings(settings.AEnvironment)}");
        Console.WriteLine($"  B: {settings.BDll}{Settings(settings.BEnvironment)}");
        if (settings.ADll == settings.BDll && settings.AEnvironment.SequenceEqual(settings.BEnvironment))
        {
            Console.WriteLine("  (the same build with the same settings: an A/A pair, the noise alone)");
        }

        var builds = new Dictionary<char, (ServiceProcess Service, string File)>();
        try
        {
            foreach (var (build, dll, extra) in new[] { ('A', settings.ADll, settings.AEnvironment), ('B', settings.BDll, settings.BEnvironment) })
            {
                var environment = LevelRun.Environment(work, build.ToString());
                foreach (var (name, value) in extra) environment[name] = value;
                var service = await ServiceProcess.StartAsync(dll, [], environment, Path.GetDirectoryName(dll)!);
                builds[build] = (service, Path.Combine(work, build.ToString(), "coproduction.db"));
                Console.WriteLine($"  {build}: process {service.Id} at {service.Url}");
            }

            var rows = settings.Rows.Select(Row).ToList();
            foreach (var build in "AB") await WarmAsync(build.ToString(), builds[build].Service, settings.WarmFor, settings.WarmMinimum, chat: false);
            if (rows.Any(r => r.Chat is not null))
            {
                foreach (var build in "AB") await WarmAsync(build.ToString(), builds[build].Service, settings.WarmFor, settings.WarmMinimum, chat: true);
            }

            var allStored = true;
            foreach (var (what, chat) in rows)
            {
                Console.WriteLine();
                Console.WriteLine($"{what}, {settings.Phones} {(chat is null ? "phones" : "visitors")}:");
                var channel = chat is null ? "Sms" : "Web";
                var before = new Dictionary<char, long>();
                var acknowledged = new Dictionary<char, long> { ['A'] = 0, ['B'] = 0 };
                foreach (var build in "AB") before[build] = await LevelRun.CountSqliteAsync(builds[build].File, channel);
                var runs = new List<PairRun>();
                var failures = new List<string>();
                for (var round = 1; round <= settings.Rounds; round++)
                {
                    foreach (var build in PairSummary.Order(round))
                    {
                        var (run, kb) = await LevelRun.RowAsync(Scrape, builds[build].Service, settings.Phones, chat, settings.Ramp, settings.Measure);
                        acknowledged[build] += run.Acknowledged;
                        var pairRun = new PairRun(round, build, run.CpuMsPerTurn, run.Result.PerSecond, run.Result.P99, kb);
                        runs.Add(pairRun);
                        Console.WriteLine($"  {pairRun}{run.FailedNote}");
                        if (run.Failure is { } failure) failures.Add($"{build}: {failure}");
                    }
                }
                foreach (var line in new PairSummary(runs).Lines()) Console.WriteLine("  " + line);
                foreach (var build in "AB")
                {
                    var stored = await LevelRun.CountSqliteAsync(builds[build].File, channel) - before[build];
                    allStored &= stored == acknowledged[build];
                    Console.WriteLine($"  stored, {build}: {LevelRun.Stored(acknowledged[build], stored)}");
                }
            }
            Console.WriteLine();
            Console.WriteLine($"Load average at the end: {LoadAverage()}.");
            return allStored ? 0 : 1;
        }
        finally
        {
            foreach (var (service, _) in builds.Values) await service.DisposeAsync();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The bench's own warm-up (<see cref="JitWarmUp"/>: the SMS turn's, then the chat's when a chat row is asked for),
    /// or with <c>--warm-for</c> that many seconds of load and no rule (quick, for checking the bench itself).
    /// </summary>
    internal static async Task WarmAsync(string build, ServiceProcess service, TimeSpan? warmFor, TimeSpan warmMinimum, bool chat)
    {
        string outcome;
        if (warmFor is { } fixedTime)
        {
            var turns = chat
                ? (await new ChatLoad(service.Url, LevelRun.Secret).RunAsync(8, TimeSpan.Zero, fixedTime)).Turns
                : (await new SmsLoad(service.Url, LevelRun.Token).RunAsync(8, TimeSpan.Zero, fixedTime)).Turns;
            outcome = string.Create(CultureInfo.InvariantCulture, $"{fixedTime.TotalSeconds:0} s of load ({turns:N0} turns), no warm rule (--warm-for): the rounds may include the JIT's work");
        }
        else
        {
            outcome = (chat
                ? await JitWarmUp.RunChatAsync(service, LevelRun.Secret, warmMinimum)
                : await JitWarmUp.RunAsync(service, LevelRun.Token, warmMinimum)).ToString();
        }
        Console.WriteLine($"  {build}{(chat ? ", web chat" : "")}: {outcome}");
    }

    private static string Settings(IReadOnlyList<KeyValuePair<string, string>> environment) =>
        environment.Count == 0 ? "" : " with " + string.Join(" ", environment.Select(e => $"{e.Key}={e.Value}"));

    internal static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
