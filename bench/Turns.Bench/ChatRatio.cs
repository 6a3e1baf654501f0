using System.Globalization;
using CoProduction.Bench;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Web chat against the SMS turn on one warm service, interleaved (<see cref="RatioSummary"/>): each round runs the SMS
/// turn and each chat row once, the SMS turn first in odd rounds and last in even ones, each run the same seconds, and
/// gives each chat row one ratio of CPU a turn to that round's SMS turn. The one command runs it on its SQLite service
/// after the chat rows (<c>--ratio-rounds</c>); <c>--chat-ratio</c> runs it alone on a service of its own.
/// </summary>
internal static class ChatRatio
{
    /// <summary>The chat rows compared by default: the two Web Chat itself uses (replies from the WebSocket), with a new visitor every pass and with a kept conversation.</summary>
    public const string DefaultRows = "chat,chat-message";

    /// <summary>
    /// The chat rows that may be compared (<c>--ratio-rows</c>): every pair row of chat turns. Not <c>new-visitor</c>: its
    /// "turn" is a whole visit (a token, a start, a WebSocket and one message), so its ratio to one SMS turn is not the
    /// goal's (the first round's run of it read 4.1-5.9 times); the chat row has a new visitor every pass through the survey.
    /// </summary>
    public static readonly string[] RowNames = ["chat", "chat-polling", "chat-message", "chat-message-polling"];

    /// <summary>Runs the rounds on <paramref name="service"/> (whose SQLite file is <paramref name="file"/>) and prints every run and the summary; false when a turn acknowledged is not stored.</summary>
    public static async Task<bool> RunAsync(ServiceProcess service, string file, int phones, int rounds, TimeSpan ramp, TimeSpan measure, IReadOnlyList<string> chatRows)
    {
        using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Web chat against the SMS turn, interleaved on one service: {rounds} rounds at {phones} phones (or chat visitors), each run {measure.TotalSeconds:0} s counted after {ramp.TotalSeconds:0} s of load, the SMS turn first in odd rounds and last in even ones; load average {Pair.LoadAverage()}."));
        var acknowledged = new Dictionary<string, long> { ["Sms"] = 0, ["Web"] = 0 };
        var before = new Dictionary<string, long>();
        foreach (var channel in acknowledged.Keys) before[channel] = await LevelRun.CountSqliteAsync(file, channel);
        var runs = new List<RatioRun>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var name in RatioSummary.Order(round, chatRows))
            {
                var (_, chat) = Pair.Row(name);
                var (run, kb) = await LevelRun.RowAsync(scrape, service, phones, chat, ramp, measure);
                acknowledged[chat is null ? "Sms" : "Web"] += run.Acknowledged;
                var ratioRun = new RatioRun(round, name, run.CpuMsPerTurn, run.Result.PerSecond, run.Result.P99, kb);
                runs.Add(ratioRun);
                Console.WriteLine($"  {ratioRun}{run.FailedNote}");
            }
        }
        var summary = new RatioSummary(runs);
        foreach (var name in chatRows)
        {
            foreach (var line in summary.Lines(name, Pair.Row(name).What)) Console.WriteLine(line);
        }
        var allStored = true;
        foreach (var (channel, count) in acknowledged)
        {
            var stored = await LevelRun.CountSqliteAsync(file, channel) - before[channel];
            allStored &= stored == count;
            Console.WriteLine($"  stored, {(channel == "Sms" ? "SMS" : "web chat")}: {LevelRun.Stored(count, stored)}");
        }
        return allStored;
    }
}
