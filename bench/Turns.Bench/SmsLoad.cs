using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CoProduction.Channels.Twilio;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Phones texting the service as Twilio would: each a signed form POST over a kept-alive
/// connection, one message at a time per phone, going through the demo check-in survey with
/// a fresh number for each conversation so every conversation starts a new session.
/// </summary>
public sealed class SmsLoad(Uri baseUrl, string authToken, string path = "/twilio/sms")
{
    // What a person sends through the demo check-in: keyword, scale, yes/no, choice, number, date, text.
    private static readonly string[] Script = ["CHECKIN", "4", "yes", "1", "3", "skip", "More trips out please"];

    private static int _nextNumber;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>What went wrong first, when anything did, for the report.</summary>
    public string? FirstFailure { get; private set; }
    private long _acknowledged;

    public async Task<LoadResult> RunAsync(int phones, TimeSpan warmUp, TimeSpan measure)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = phones, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        long turns = 0, failures = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource(warmUp + measure);
        var url = new Uri(baseUrl, path).ToString();

        async Task PhoneAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                // Numbers in a range libphonenumber knows as UK mobiles, so the service treats them as people.
                var from = "+4474" + Interlocked.Increment(ref _nextNumber).ToString("D8", CultureInfo.InvariantCulture);
                foreach (var body in Script)
                {
                    if (stop.IsCancellationRequested) return;
                    var sid = "SM" + Guid.NewGuid().ToString("N");
                    var form = new Dictionary<string, string>
                    {
                        ["MessageSid"] = sid, ["SmsSid"] = sid, ["AccountSid"] = "AC" + new string('0', 32),
                        ["From"] = from, ["To"] = "+447700900000", ["Body"] = body, ["NumMedia"] = "0",
                        ["NumSegments"] = "1", ["ApiVersion"] = "2010-04-01",
                    };
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                    request.Headers.Add(TwilioSigner.HeaderName, TwilioSigner.Sign(authToken, url, form));
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.SendAsync(request, CancellationToken.None);
                        await response.Content.ReadAsStringAsync();
                        if (response.IsSuccessStatusCode) Interlocked.Increment(ref _acknowledged);
                        if (!Volatile.Read(ref measuring)) continue;
                        if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failures); FirstFailure ??= $"HTTP {(int)response.StatusCode}"; continue; }
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref turns);
                    }
                    catch (HttpRequestException e)
                    {
                        if (Volatile.Read(ref measuring)) Interlocked.Increment(ref failures);
                        FirstFailure ??= e.Message;
                    }
                }
            }
        }

        var tasks = Enumerable.Range(0, phones).Select(_ => Task.Run(PhoneAsync)).ToArray();
        await Task.Delay(warmUp);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tasks);
        return LoadResult.From(turns, failures, clock.Elapsed, latencies);
    }
}

public sealed record LoadResult(long Turns, long Failures, TimeSpan Elapsed, double P50, double P99)
{
    public double PerSecond => Turns / Elapsed.TotalSeconds;

    public static LoadResult From(long turns, long failures, TimeSpan elapsed, IEnumerable<double> latencies)
    {
        var sorted = latencies.OrderBy(l => l).ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return new LoadResult(turns, failures, elapsed, At(0.50), At(0.99));
    }
}
