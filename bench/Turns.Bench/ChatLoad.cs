using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Web chat visitors through Direct Line 3.0 as the Web Chat client uses it over polling: a
/// token from the secret, a conversation, then each turn is one posted activity (named by a
/// clientActivityID, as Web Chat names it) and one read of the activities after the last watermark.
/// </summary>
public sealed class ChatLoad(Uri baseUrl, string secret)
{
    private static readonly string[] Script = ["CHECKIN", "4", "yes", "1", "3", "skip", "More trips out please"];

    public async Task<LoadResult> RunAsync(int visitors, TimeSpan warmUp, TimeSpan measure)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = visitors };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        long turns = 0, failures = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource(warmUp + measure);

        async Task<string?> PostAsync(string path, string bearer, object? body = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }

        async Task VisitorAsync(int n)
        {
            while (!stop.IsCancellationRequested)
            {
                var tokenJson = await PostAsync("/v3/directline/tokens/generate", secret, new { user = new { id = $"dl_bench{n}_{Guid.NewGuid():N}" } });
                if (tokenJson is null) { Interlocked.Increment(ref failures); await Task.Delay(100); continue; }
                var token = JsonDocument.Parse(tokenJson).RootElement.GetProperty("token").GetString()!;
                var conversationJson = await PostAsync("/v3/directline/conversations", token);
                if (conversationJson is null) { Interlocked.Increment(ref failures); await Task.Delay(100); continue; }
                var conversation = JsonDocument.Parse(conversationJson).RootElement;
                var id = conversation.GetProperty("conversationId").GetString()!;
                if (conversation.TryGetProperty("token", out var t) && t.GetString() is { } newer) token = newer;
                string? watermark = null;
                foreach (var text in Script)
                {
                    if (stop.IsCancellationRequested) return;
                    var started = Stopwatch.GetTimestamp();
                    var posted = await PostAsync($"/v3/directline/conversations/{id}/activities", token,
                        new { type = "message", from = new { id = "visitor" }, text, channelData = new { clientActivityID = Guid.NewGuid().ToString("N")[..20] } });
                    using var read = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities" + (watermark is null ? "" : $"?watermark={watermark}"));
                    read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await http.SendAsync(read);
                    var ok = posted is not null && response.IsSuccessStatusCode;
                    if (ok)
                    {
                        var set = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        if (set.TryGetProperty("watermark", out var w)) watermark = w.GetString();
                    }
                    if (!Volatile.Read(ref measuring)) continue;
                    if (!ok) { Interlocked.Increment(ref failures); continue; }
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref turns);
                }
            }
        }

        var tasks = Enumerable.Range(0, visitors).Select(n => Task.Run(() => VisitorAsync(n))).ToArray();
        await Task.Delay(warmUp);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tasks);
        return LoadResult.From(turns, failures, clock.Elapsed, latencies);
    }
}
