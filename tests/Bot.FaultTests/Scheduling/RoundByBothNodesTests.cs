using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoProduction.Bot.FaultTests.Infrastructure;

namespace CoProduction.Bot.FaultTests.Scheduling;

/// <summary>A round sent by two nodes whose job servers share one PostgreSQL job store.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoundByBothNodesTests(ClusterFixture fixture)
{
    private const int People = 30;
    private readonly Cluster _cluster = fixture.Cluster;

    private static HttpRequestMessage Staff(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", Cluster.StaffKey);
        return request;
    }

    private static async Task<JsonElement> JsonAsync(Node node, HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        using (var response = await node.Http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri} on {node.Name}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    [Fact]
    public async Task ARoundDispatchedByBothNodes_SendsEachInvitationOnce()
    {
        var (a, b) = (_cluster.A, _cluster.B);
        var csv = "name,phone,channel,groups\n" + string.Concat(Enumerable.Range(0, People).Select(i => $"Person {i},07700 900{600 + i:000},sms,fault-round\n"));
        await JsonAsync(a, Staff(HttpMethod.Post, "/api/people", new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.OK);

        var now = DateTimeOffset.UtcNow;
        var round = await JsonAsync(b, Staff(HttpMethod.Post, "/api/rounds", JsonContent.Create(new
        {
            survey = "checkin", groups = new[] { "fault-round" }, channel = "sms", opens = now.AddMinutes(-1), closes = now.AddDays(7),
        })), HttpStatusCode.Created);
        var id = round.GetProperty("id").GetString();

        // Both nodes' job servers take jobs from the shared store; whichever runs them, each person is invited once.
        JsonElement progress = default;
        await Texter.WaitUntilAsync(() =>
        {
            progress = JsonAsync(a, Staff(HttpMethod.Get, $"/api/rounds/{id}"), HttpStatusCode.OK).GetAwaiter().GetResult();
            return progress.GetProperty("sent").GetInt32() + progress.GetProperty("failed").GetInt32() >= People;
        }, "every invitation of the round was sent", TimeSpan.FromSeconds(150));

        Assert.Equal(People, progress.GetProperty("invited").GetInt32());
        Assert.Equal(People, progress.GetProperty("sent").GetInt32());
        var attempts = await _cluster.CountAsync($"""SELECT COUNT(*) FROM "Invitations" WHERE "RoundId" = '{id}' AND "Attempts" = 1""");
        Assert.Equal(People, attempts);
        var outbox = await JsonAsync(b, Staff(HttpMethod.Get, "/api/outbox"), HttpStatusCode.OK);
        var perPerson = outbox.EnumerateArray()
            .Select(m => m.GetProperty("to").GetString()!)
            .Where(to => to.StartsWith("+447700900", StringComparison.Ordinal) && int.Parse(to[^3..]) is >= 600 and < 600 + People)
            .GroupBy(to => to).Select(g => g.Count()).ToList();
        // The same texts of one start for everyone: none was started twice.
        Assert.Equal(People, perPerson.Count);
        Assert.Single(perPerson.Distinct());
        Assert.InRange(perPerson[0], 1, 2);
    }
}
