using System.Collections.Concurrent;
using System.Net;
using CoProduction.Testing;

namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>
/// People texting in through Twilio's webhook, signed with the service's token, each message
/// sent to one node or the other in turn (as a load balancer would). Keeps the MessageSid of
/// every message a node acknowledged (answered 200): those are the ones Twilio counts as delivered.
/// </summary>
public sealed class Texter(IReadOnlyList<Node> nodes, int firstPerson = 100)
{
    public Texter(Cluster cluster, int firstPerson = 100)
        : this([cluster.A, cluster.B], firstPerson)
    {
    }

    private static readonly string[] Replies = ["CHECKIN", "4", "yes", "3", "no", "2", "5", "HELP"];

    public ConcurrentDictionary<string, string> Acknowledged { get; } = new();

    public ConcurrentDictionary<string, int> Refused { get; } = new();

    /// <summary>Acknowledged by each node, counted from <see cref="Mark"/>.</summary>
    public ConcurrentDictionary<string, int> AcknowledgedSinceMark { get; } = new();

    public void Mark() => AcknowledgedSinceMark.Clear();

    /// <summary>One person texting until stopped.</summary>
    public async Task PersonAsync(int person, CancellationToken stop)
    {
        var phone = $"+447700900{firstPerson + person:000}";
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var node = nodes[(i + person) % nodes.Count];
            var sid = "SM" + Guid.NewGuid().ToString("N");
            try
            {
                var status = await SendAsync(node, phone, sid, Replies[i % Replies.Length]);
                if (status == HttpStatusCode.OK)
                {
                    Acknowledged[sid] = node.Name;
                    AcknowledgedSinceMark.AddOrUpdate(node.Name, 1, (_, n) => n + 1);
                }
                else
                {
                    Refused.AddOrUpdate(((int)status).ToString(), 1, (_, n) => n + 1);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The node is down: Twilio would not count this message as delivered.
                Refused.AddOrUpdate("no answer", 1, (_, n) => n + 1);
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    public static async Task<HttpStatusCode> SendAsync(Node node, string from, string sid, string body)
    {
        var url = new Uri(node.BaseAddress, "twilio/sms").ToString();
        using var request = TwilioRequests.SignedPost(url, TwilioRequests.Sms(sid, from, Cluster.OurNumber, body), Cluster.AuthToken);
        using var response = await node.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Waits (without asserting on time) until <paramref name="condition"/> holds, or fails after a generous while.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? patience = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, patience);

    /// <summary>The same, for a condition that asks a node (without blocking a thread the test's own servers need).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Gave up waiting until " + what);
            await Task.Delay(100);
        }
    }
}
