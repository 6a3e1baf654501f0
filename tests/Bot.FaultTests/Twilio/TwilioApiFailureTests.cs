using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoProduction.Bot.FaultTests.Infrastructure;
using Xunit.Abstractions;

namespace CoProduction.Bot.FaultTests.Twilio;

/// <summary>
/// The real service, sending through Twilio's REST API, pointed at a fake Twilio that answers slowly,
/// with 500 or with 429. One node per test, so its circuit breaker is the only one in play.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TwilioApiFailureTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> SendThroughTwilio = new()
    {
        ["Twilio:SendMode"] = "Twilio",
        ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["Twilio:Resilience:Retries"] = "3",
        ["Twilio:Resilience:RetryDelay"] = "00:00:00.200",
        ["Twilio:Resilience:MaxRetryDelay"] = "00:00:05",
        ["Twilio:Resilience:AttemptTimeout"] = "00:00:05",
        ["Twilio:Resilience:FailureRatio"] = "0.5",
        ["Twilio:Resilience:MinimumThroughput"] = "4",
        ["Twilio:Resilience:SamplingDuration"] = "00:00:30",
        ["Twilio:Resilience:BreakDuration"] = "00:00:05",
        // Long enough that the round page can be read before the dispatcher tries the waiting invitations again.
        ["Scheduling:RetryBackoff"] = "00:00:20",
    };

    [Fact]
    public async Task TwilioRefusingWith429And500_IsAskedAgainAfterItsRetryAfter_AndEachTextGoesOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Script(FakeAnswer.TooManyRequests(retryAfterSeconds: 2), FakeAnswer.ServerError);
        await using var cluster = await StartAsync(twilio);
        var node = cluster.A;

        var round = await StartRoundAsync(node, people: 2);
        var progress = await WaitForRoundAsync(cluster, twilio, round, p => p.GetProperty("sent").GetInt32() == 2, "both invitations were sent");

        var requests = twilio.Requests;
        Assert.Equal([429, 500], requests.Take(2).Select(r => r.Status));
        Assert.All(requests.Skip(2), r => Assert.True(r.Accepted));
        // The refused text was asked for again, no sooner than Twilio's Retry-After said.
        Assert.Equal((requests[0].To, requests[0].Body), (requests[1].To, requests[1].Body));
        Assert.Equal((requests[1].To, requests[1].Body), (requests[2].To, requests[2].Body));
        Assert.True(requests[1].Arrived - requests[0].Arrived >= TimeSpan.FromSeconds(1.9), $"asked again after {(requests[1].Arrived - requests[0].Arrived).TotalSeconds:0.0} s");
        AssertEachTextTakenOnce(requests, people: 2);
        Assert.Equal(0, progress.GetProperty("failed").GetInt32());

        using var staff = await StaffSession.SignInAsync(node);
        var page = await staff.ReadAsync($"/staff/rounds/details/{round}");
        Assert.Contains("2 of 2", page);
        Assert.DoesNotContain("Problems sending", page);
        output.WriteLine($"429 then 500: {requests.Count} requests to Twilio ({requests.Count(r => !r.Accepted)} refused and asked again) in {clock.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public async Task TwilioFailingEveryRequest_OpensTheCircuit_AndTheRoundPageSaysTheTextsWait_UntilTheyGoWhenItAnswersAgain()
    {
        var clock = Stopwatch.StartNew();
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Default = FakeAnswer.ServerError;
        await using var cluster = await StartAsync(twilio);
        var node = cluster.A;
        using var staff = await StaffSession.SignInAsync(node);

        var round = await StartRoundAsync(node, people: 3);
        string page = "";
        try
        {
            await Texter.WaitUntilAsync(async () =>
            {
                page = await staff.ReadAsync($"/staff/rounds/details/{round}");
                return page.Contains("Twilio was not answering, so sending is paused for a short while. The text will be tried again.") && page.Contains("Sent 0 of 3");
            }, "the round page shows every invitation waiting", TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the page said: {page}; Twilio saw {string.Join(", ", twilio.Requests.Select(r => r.Status))}\n{cluster.Logs}", e);
        }

        Assert.Contains("Problems sending", page);
        Assert.Matches(@"\d invitations? (is|are) waiting to be tried again\. Twilio was not answering, so sending is paused for a short while\. The text will be tried again\.", page);
        // Without the breaker each of the three would have been asked for four times (three retries) at every dispatch;
        // once it opened, the waiting ones were not asked for at all.
        var duringOutage = twilio.Requests;
        Assert.InRange(duringOutage.Count, 4, 11);
        Assert.True(duringOutage.Select(r => r.To).Distinct().Count() < 3, "someone's text was asked for while the circuit was open");
        var outage = clock.Elapsed;

        // Twilio answers again: after the break the circuit lets a request through, and the next dispatch sends them all.
        twilio.Default = FakeAnswer.Accept;
        await WaitForRoundAsync(cluster, twilio, round, p => p.GetProperty("sent").GetInt32() == 3, "every invitation was sent once Twilio answered");
        page = await staff.ReadAsync($"/staff/rounds/details/{round}");
        Assert.DoesNotContain("Problems sending", page);
        var requests = twilio.Requests;
        AssertEachTextTakenOnce(requests, people: 3);
        var attempts = await cluster.CountAsync($"""SELECT SUM("Attempts") FROM "Invitations" WHERE "RoundId" = '{round}'""");
        output.WriteLine($"Outage: {duringOutage.Count} requests before the circuit opened, page showed it after {outage.TotalSeconds:0} s; "
            + $"all sent after {clock.Elapsed.TotalSeconds:0} s with {requests.Count} requests and {attempts} dispatcher attempts for 3 invitations");
    }

    [Fact]
    public async Task TwilioAnsweringTooLate_IsNotAskedAgain_SoNobodyGetsTheTextTwice_AndTheRoundPageSaysSo()
    {
        var clock = Stopwatch.StartNew();
        await using var twilio = await FakeTwilio.StartAsync();
        // Longer than the 5 s an attempt may take; Twilio still takes the text.
        twilio.Script(FakeAnswer.SlowAccept(TimeSpan.FromSeconds(8)));
        await using var cluster = await StartAsync(twilio);
        var node = cluster.A;

        var round = await StartRoundAsync(node, people: 1);
        await WaitForRoundAsync(cluster, twilio, round, p => p.GetProperty("failed").GetInt32() == 1, "the invitation was given up");
        await Texter.WaitUntilAsync(() => twilio.Requests.Count > 0, "the slow request finished at Twilio");

        using var staff = await StaffSession.SignInAsync(node);
        var page = await staff.ReadAsync($"/staff/rounds/details/{round}");
        Assert.Contains("1 invitation could not be sent. Twilio did not answer in time, so we cannot tell whether the text went. It was not tried again, so nobody gets it twice.", page);
        // Twilio took it once; nothing asked for it again, then or at the next dispatch.
        var requests = twilio.Requests;
        var taken = Assert.Single(requests);
        Assert.True(taken.Accepted);
        var attempts = await cluster.CountAsync($"""SELECT SUM("Attempts") FROM "Invitations" WHERE "RoundId" = '{round}'""");
        Assert.Equal(1, attempts);
        output.WriteLine($"Timeout: 1 request, not repeated; {clock.Elapsed.TotalSeconds:0} s");
    }

    private async Task<Cluster> StartAsync(FakeTwilio twilio) =>
        await Cluster.StartAsync(fixture.Server, new Dictionary<string, string>(SendThroughTwilio) { ["Twilio:ApiBaseUrl"] = twilio.BaseAddress.ToString() }, secondNode: false);

    /// <summary>Every person was sent their first texts, and no text was taken by Twilio twice.</summary>
    private static void AssertEachTextTakenOnce(IReadOnlyList<FakeRequest> requests, int people)
    {
        var taken = requests.Where(r => r.Accepted).ToList();
        Assert.Equal(people, taken.Select(r => r.To).Distinct().Count());
        Assert.All(taken.GroupBy(r => (r.To, r.Body)), g => Assert.Single(g));
    }

    private static async Task<string> StartRoundAsync(Node node, int people)
    {
        var csv = "name,phone,channel,groups\n" + string.Concat(Enumerable.Range(0, people).Select(i => $"Person {i},07700 900{700 + i:000},sms,twilio-faults\n"));
        using (var imported = await node.Http.SendAsync(Staff(HttpMethod.Post, "/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"))))
        {
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }
        var now = DateTimeOffset.UtcNow;
        using var created = await node.Http.SendAsync(Staff(HttpMethod.Post, "/api/rounds", JsonContent.Create(new
        {
            survey = "checkin", groups = new[] { "twilio-faults" }, channel = "sms", opens = now.AddMinutes(-1), closes = now.AddDays(7),
        })));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitForRoundAsync(Cluster cluster, FakeTwilio twilio, string round, Func<JsonElement, bool> done, string what)
    {
        JsonElement progress = default;
        try
        {
            await Texter.WaitUntilAsync(async () =>
            {
                using var response = await cluster.A.Http.SendAsync(Staff(HttpMethod.Get, $"/api/rounds/{round}"));
                progress = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return done(progress);
            }, what, TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; round {progress}; Twilio saw {string.Join(", ", twilio.Requests.Select(r => r.Status))}\n{cluster.Logs}", e);
        }
        return progress;
    }

    private static HttpRequestMessage Staff(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", Cluster.StaffKey);
        return request;
    }
}
