using System.Globalization;

namespace CoProduction.Turns.Bench;

/// <summary>
/// What the service itself counted over a level, from its Prometheus text (GET /metrics), read before
/// and after: bytes the collector handed out, collections and the time they paused the service, and
/// where a webhook's time went (inside the bot's turn, inside the server's request) against what the
/// phones waited. Cheap: two scrapes a level.
/// </summary>
public sealed record ServiceCounters(
    double AllocatedBytes,
    double Collections,
    double PauseSeconds,
    Histogram Turn,
    Histogram Request)
{
    public static async Task<ServiceCounters?> ReadAsync(HttpClient http, Uri service)
    {
        try
        {
            return Parse(await http.GetStringAsync(new Uri(service, "/metrics")));
        }
        catch (HttpRequestException)
        {
            return null; // the bare endpoint has no /metrics
        }
    }

    public static ServiceCounters? Parse(string metrics)
    {
        double allocated = 0, collections = 0, pause = 0;
        var found = false;
        var turn = new Histogram();
        var request = new Histogram();
        foreach (var raw in metrics.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var value = Value(line);
            if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal)) { allocated = value; found = true; }
            else if (line.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal)) collections += value;
            else if (line.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal)) pause = value;
            else if (line.StartsWith("coproduction_turn_duration_seconds", StringComparison.Ordinal) && line.Contains("channel=\"sms\"", StringComparison.Ordinal)) turn.Add(line, value);
            else if (line.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal) && line.Contains("http_route=\"/twilio/sms\"", StringComparison.Ordinal)) request.Add(line, value);
        }
        return found ? new ServiceCounters(allocated, collections, pause, turn, request) : null;
    }

    /// <summary>KB the service allocated a turn between two readings; null when either reading is missing or no turn ran.</summary>
    public static double? KbPerTurn(ServiceCounters? before, ServiceCounters? after, long turns) =>
        before is null || after is null || turns <= 0 ? null : (after.AllocatedBytes - before.AllocatedBytes) / turns / 1024;

    /// <summary>The level's figures: what was counted after, less what was counted before.</summary>
    public static string Describe(ServiceCounters? before, ServiceCounters? after, long turns)
    {
        if (before is null || after is null || turns == 0) return "";
        var collections = after.Collections - before.Collections;
        var pause = (after.PauseSeconds - before.PauseSeconds) * 1000;
        var turn = after.Turn.Since(before.Turn);
        var request = after.Request.Since(before.Request);
        return string.Create(CultureInfo.InvariantCulture,
            $"{KbPerTurn(before, after, turns):0.0} KB/turn; {collections:0} GCs ({collections * 10_000 / turns:0.0} per 10k turns, {pause:0} ms paused, {(collections > 0 ? pause / collections : 0):0.0} ms each); "
            + $"in the bot: mean {turn.Mean * 1000:0.0} ms, p99 <= {turn.Quantile(0.99) * 1000:0} ms; in the server: mean {request.Mean * 1000:0.0} ms, p99 <= {request.Quantile(0.99) * 1000:0} ms");
    }

    private static double Value(string line) =>
        double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
}

/// <summary>A Prometheus histogram's sum, count and cumulative buckets (by upper bound, in seconds).</summary>
public sealed class Histogram
{
    private readonly SortedDictionary<double, double> _buckets = [];
    public double Sum { get; private set; }
    public double Count { get; private set; }

    public double Mean => Count > 0 ? Sum / Count : 0;

    public void Add(string line, double value)
    {
        var name = line[..line.IndexOfAny(['{', ' '])];
        if (name.EndsWith("_sum", StringComparison.Ordinal)) Sum += value;
        else if (name.EndsWith("_count", StringComparison.Ordinal)) Count += value;
        else if (name.EndsWith("_bucket", StringComparison.Ordinal) && Bound(line) is { } le) _buckets[le] = _buckets.GetValueOrDefault(le) + value;
    }

    public Histogram Since(Histogram before)
    {
        var delta = new Histogram { Sum = Sum - before.Sum, Count = Count - before.Count };
        foreach (var (le, count) in _buckets) delta._buckets[le] = count - before._buckets.GetValueOrDefault(le);
        return delta;
    }

    /// <summary>The upper bound of the bucket the quantile falls in (a bound, not a measurement).</summary>
    public double Quantile(double q)
    {
        if (Count <= 0) return 0;
        foreach (var (le, count) in _buckets)
        {
            if (count >= q * Count) return le;
        }
        return double.PositiveInfinity;
    }

    private static double? Bound(string line)
    {
        var at = line.IndexOf("le=\"", StringComparison.Ordinal);
        if (at < 0) return null;
        var end = line.IndexOf('"', at + 4);
        var text = line[(at + 4)..end];
        return text == "+Inf" ? double.PositiveInfinity : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
