using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoProduction.Bot.FaultTests.Infrastructure;
using Xunit.Abstractions;

namespace CoProduction.Bot.FaultTests.Scheduling;

/// <summary>
/// A node dies (SIGKILL) after Twilio took an outbound call or chat-link text and before the node
/// recorded it: the invitation must not go to the person a second time after the restart.
/// The lock the killed node left is taken back after Scheduling:JobLockTimeout: 30 s here rather than the
/// default 2 minutes. Not shorter: a lock older than that is taken from a run still waiting for Twilio, and
/// the next run would sort out the invitation before the node is killed (10 s did that under load).
/// </summary>
[Collection(KilledSenderCollection.Name)]
public sealed class NodeDiesWhileSendingTests(PostgresServer server, ITestOutputHelper output)
{
    [Theory]
    [InlineData("web", "the chat link")]
    [InlineData("voice", "the call")]
    public async Task ANodeKilledBetweenTwilioTakingItAndRecordingIt_NeverSendsItAgain(string channel, string what)
    {
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Script(FakeAnswer.Hold);
        await using var cluster = await Cluster.StartAsync(server, new Dictionary<string, string>
        {
            ["Twilio:SendMode"] = "Twilio",
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:ApiBaseUrl"] = twilio.BaseAddress.ToString(),
            ["Twilio:PublicBaseUrl"] = "https://coproduction.example.org",
            // The node must still be waiting for Twilio's answer when it is killed.
            ["Twilio:Resilience:AttemptTimeout"] = "00:05:00",
            ["Scheduling:StaleSendingAfter"] = "00:00:01",
            // The dispatcher's lock the killed node leaves is taken back after this, not the default 2 minutes.
            ["Scheduling:JobLockTimeout"] = "00:00:30",
        }, secondNode: false);
        var node = cluster.A;

        var first = await StartRoundAsync(node, "interrupted-first", channel, "07700 900811");
        await Texter.WaitUntilAsync(() => twilio.Requests.Count == 1, $"Twilio took {what}", TimeSpan.FromSeconds(120));
        await node.KillAsync();
        Assert.Equal(1, await cluster.CountAsync($"""SELECT COUNT(*) FROM "Invitations" WHERE "RoundId" = '{first}' AND "Status" = 'Sending' AND "HandedOverAt" IS NOT NULL"""));

        // After the restart a later round makes the dispatcher run; it first sorts out what the killed node left.
        await node.StartAsync();
        twilio.Release();
        var second = await StartRoundAsync(node, "interrupted-second", channel, "07700 900812");
        try
        {
            await Texter.WaitUntilAsync(async () =>
                await cluster.CountAsync($"""SELECT COUNT(*) FROM "Invitations" WHERE "RoundId" IN ('{first}', '{second}') AND "Status" = 'Sent'""") == 2,
                "both invitations are sent", TimeSpan.FromSeconds(300));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; Twilio saw {string.Join(", ", twilio.Requests.Select(r => r.To))}\n{cluster.Logs}", e);
        }

        var requests = twilio.Requests;
        Assert.Single(requests, r => r.To == "+447700900811");
        Assert.Single(requests, r => r.To == "+447700900812");
        var notes = await cluster.StringsAsync($"""SELECT "LastError" FROM "Invitations" WHERE "RoundId" = '{first}'""");
        Assert.Equal("The service stopped while sending; it may not have arrived.", Assert.Single(notes));
        output.WriteLine($"{what}: {requests.Count} requests to Twilio for 2 invitations, the first taken before the node was killed");
    }

    private static async Task<string> StartRoundAsync(Node node, string group, string channel, string phone)
    {
        var csv = $"name,phone,channel,groups\nPerson in {group},{phone},{channel},{group}\n";
        using (var imported = await node.Http.SendAsync(Staff(HttpMethod.Post, "/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"))))
        {
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }
        var now = DateTimeOffset.UtcNow;
        using var created = await node.Http.SendAsync(Staff(HttpMethod.Post, "/api/rounds", JsonContent.Create(new
        {
            survey = "checkin", groups = new[] { group }, channel = "preferred", opens = now.AddMinutes(-1), closes = now.AddDays(7),
        })));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage Staff(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", Cluster.StaffKey);
        return request;
    }
}
