using System.Collections.Concurrent;
using System.Globalization;

/// <summary>
/// Failed requests by channel and kind (an HTTP status, or what the client met: a timeout, a
/// refused connection), with the first body or message of each kind, so a failing soak says what
/// failed rather than how many. The service's own count of error answers by route comes from its
/// /metrics (<see cref="FromMetrics"/>): that view also sees answers the client gave up waiting for.
/// </summary>
sealed class Failures
{
    private readonly ConcurrentDictionary<(string Channel, string Kind), (long Count, string First)> _seen = new();

    public void Add(string channel, string kind, string? first, long count = 1)
    {
        if (count <= 0) return;
        var text = first is null ? "" : first.Length > 300 ? first[..300] + "..." : first;
        _seen.AddOrUpdate((channel, kind), (count, text), (_, v) => (v.Count + count, v.First));
    }

    public void Add(string channel, Exception e) => Add(channel, e switch
    {
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        TaskCanceledException => "timed out (no answer in time)",
        _ => e.GetType().Name,
    }, e.Message);

    public long Total => _seen.Values.Sum(v => v.Count);

    public void Print()
    {
        foreach (var ((channel, kind), (count, first)) in _seen.OrderBy(p => p.Key.Channel).ThenBy(p => p.Key.Kind))
        {
            Console.WriteLine($"    {channel,-10} {kind,-32} {count,6:N0}  first: {first.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>The service's error answers (4xx, 5xx) by route and status, from its ASP.NET Core meter.</summary>
    public static IEnumerable<string> FromMetrics(string metrics)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)) continue;
            var status = Label(line, "http_response_status_code");
            if (status is null || !int.TryParse(status, CultureInfo.InvariantCulture, out var code) || code < 400) continue;
            var count = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            yield return $"{Label(line, "http_request_method")} {Label(line, "http_route") ?? "(no route)"} -> {code}: {count:N0}";
        }
    }

    private static string? Label(string line, string name)
    {
        var at = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (at < 0) return null;
        at += name.Length + 2;
        return line[at..line.IndexOf('"', at)];
    }
}
