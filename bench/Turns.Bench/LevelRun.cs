using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CoProduction.Turns.Bench;

/// <summary>One run of a level: what the load measured, the service's CPU a turn over it, and what it acknowledged.</summary>
internal sealed record Run(LoadResult Result, double CpuMsPerTurn, long Acknowledged = 0, string? Failure = null)
{
    /// <summary>What failed in the run, as a side-by-side run's line ends with it; empty when nothing did.</summary>
    public string FailedNote => Result.Failures > 0 || Failure is not null
        ? string.Create(CultureInfo.InvariantCulture, $", {Result.Failures} failed{(Failure is { } f ? $" ({f})" : "")}")
        : "";
}

/// <summary>Web chat's ways of being measured: the chat rows of the one command, and the rows a pair can take.</summary>
internal sealed record ChatWay(bool Stream, bool Keep = false, bool NewVisitorsOnly = false);

/// <summary>
/// One run of a level on a service, measured the same way by the one command's rows and by a pair's runs: the load for
/// <c>ramp</c> and then <c>measure</c>, the service's CPU (user and system, from /proc) over the whole of it, divided by
/// every turn the service acknowledged in that time (the ramp's too: its CPU is in the figure). For web chat a turn is
/// a posted activity the service accepted (a visit, with new visitors only).
/// </summary>
internal static class LevelRun
{
    public const string Token = "bench-auth-token-0123456789abcdef";
    public const string Secret = "bench-direct-line-secret-0123456789";

    public static async Task<Run> SmsAsync(ServiceProcess service, int phones, TimeSpan ramp, TimeSpan measure)
    {
        var load = new SmsLoad(service.Url, Token);
        var cpu = service.CpuTime();
        var result = await load.RunAsync(phones, ramp, measure);
        var used = service.CpuTime() - cpu;
        return new Run(result, used.TotalMilliseconds / Math.Max(1, load.Acknowledged), load.Acknowledged, load.FirstFailure);
    }

    /// <summary>
    /// One run of a side-by-side row (a pair's, an interleaved ratio's): the SMS turn when <paramref name="chat"/> is null,
    /// else that chat way, with the KB the service allocated a turn over it, read from its <c>/metrics</c> before and after.
    /// </summary>
    public static async Task<(Run Run, double? KbPerTurn)> RowAsync(HttpClient scrape, ServiceProcess service, int phones, ChatWay? chat, TimeSpan ramp, TimeSpan measure)
    {
        var allocated = await ServiceCounters.ReadAsync(scrape, service.Url);
        var run = chat is null
            ? await SmsAsync(service, phones, ramp, measure)
            : await ChatAsync(service, phones, chat, ramp, measure);
        // Bytes the service allocated a turn: a count, which the machine's load moves far less than CPU time.
        return (run, ServiceCounters.KbPerTurn(allocated, await ServiceCounters.ReadAsync(scrape, service.Url), run.Acknowledged));
    }

    public static async Task<Run> ChatAsync(ServiceProcess service, int visitors, ChatWay way, TimeSpan ramp, TimeSpan measure)
    {
        var load = new ChatLoad(service.Url, Secret, way.Stream, way.Keep, way.NewVisitorsOnly);
        var cpu = service.CpuTime();
        var result = await load.RunAsync(visitors, ramp, measure);
        var used = service.CpuTime() - cpu;
        return new Run(result, used.TotalMilliseconds / Math.Max(1, load.Acknowledged), load.Acknowledged, load.FailureReasons is { Length: > 0 } reasons ? reasons : null);
    }

    /// <summary>The service's settings for the bench: its own data folder under <paramref name="work"/>, the bench's secrets, no sending.</summary>
    public static Dictionary<string, string> Environment(string work, string name) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Data__Directory"] = Path.Combine(work, name),
        ["Twilio__AuthToken"] = Token,
        ["Twilio__PhoneNumber"] = "+447700900000",
        ["Twilio__SendMode"] = "Outbox",
        ["Staff__ApiKey"] = "bench-staff-key-0123456789",
        ["DirectLine__Secret"] = Secret,
        ["DirectLine__TokenRequestsPerMinute"] = "10000",
        // A kept conversation posts many times a second (the "chat message" rows); people post a few a minute.
        ["DirectLine__MessagesPerMinute"] = "10000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Messages the SQLite store holds from a channel (<c>Sms</c>, <c>Web</c>), read from its file.</summary>
    public static async Task<long> CountSqliteAsync(string file, string channel)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM InboundMessages WHERE Channel = $channel";
        command.Parameters.AddWithValue("$channel", channel);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The stored check's words: every acknowledged turn stored, or how many are missing.</summary>
    public static string Stored(long acknowledged, long stored) => acknowledged == stored
        ? string.Create(CultureInfo.InvariantCulture, $"all {acknowledged:N0} stored")
        : string.Create(CultureInfo.InvariantCulture, $"MISSING: {acknowledged:N0} acknowledged, {stored:N0} stored");
}
