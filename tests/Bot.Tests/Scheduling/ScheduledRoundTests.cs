using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Conversations;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// A round end to end: people CSV through the API, a round through the API, the jobs run directly
/// (as Hangfire would run them), texts in the outbox, replies through the signed SMS webhook, and
/// the answers in the results API and the round's progress.
/// </summary>
public sealed class ScheduledRoundTests : IDisposable
{
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Round_FromCsvImportToCompletedAnswers_ThroughTheApiOutboxAndSmsWebhook()
    {
        var staff = _service.StaffClient();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync("/api/surveys", new StringContent(SmallSurvey.Yaml, new MediaTypeHeaderValue("application/yaml")))).StatusCode);
        await Board.ApproveAsync(_service, "pulse");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/pulse/publish", null)).StatusCode);

        var csv = "name,phone,channel,language,timezone,next_checkin,groups\n"
                  + "Ann,07700 900701,sms,en,Europe/London,2027-01-10,bristol-homes\n"
                  + "Bob,07700 900702,sms,en,Europe/London,,bristol-homes;day-centre\n"
                  + "Cat,07700 900703,sms,en,Europe/London,,elsewhere\n";
        var import = await Json.ReadAsync(await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv"))));
        Assert.Equal(3, import.GetProperty("imported").GetInt32());
        Assert.Equal(0, import.GetProperty("errors").GetArrayLength());

        var created = await staff.PostAsJsonAsync("/api/rounds", new
        {
            survey = "pulse",
            groups = new[] { "bristol-homes" },
            channel = "preferred",
            opens = DateTimeOffset.UtcNow.AddMinutes(-1),
            closes = DateTimeOffset.UtcNow.AddDays(14),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();

        // Twice each, as a retried or doubled Hangfire job would.
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(id, default));
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(id, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var outbox = await Json.ReadAsync(await staff.GetAsync("/api/outbox"));
        var texts = outbox.EnumerateArray().Select(e => (To: e.GetProperty("to").GetString(), Body: e.GetProperty("body").GetString()!)).ToList();
        Assert.Single(texts, t => t.To == "+447700900701" && t.Body.Contains("How happy are you"));
        Assert.Single(texts, t => t.To == "+447700900702" && t.Body.Contains("How happy are you"));
        Assert.DoesNotContain(texts, t => t.To == "+447700900703");

        // Ann answers everything by text; Bob texts STOP.
        var ann = _service.Phone("+447700900701");
        Assert.Contains("Do you feel safe", string.Join("\n", await ann.TextAsync("4")));
        await ann.TextAsync("yes");
        await ann.TextAsync("friends");
        await ann.TextAsync("3");
        await ann.TextAsync("skip");
        Assert.Contains("Thank you", string.Join("\n", await ann.TextAsync("More evening visits")));
        await _service.Phone("+447700900702").TextAsync("STOP");

        var results = await Json.ReadAsync(await staff.GetAsync("/api/surveys/pulse/results"));
        Assert.Equal(1, results.GetProperty("completed").GetInt32());
        Assert.Equal(1, results.Question("happy").Count("4"));

        // A delivery receipt, twice (Twilio retries): counted once.
        string annSid;
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var annId = await db.People.Where(p => p.Phone == "+447700900701").Select(p => p.Id).SingleAsync();
            annSid = await db.Invitations.Where(i => i.PersonId == annId).Select(i => i.ProviderId!).SingleAsync();
        }
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostStatusAsync(new() { ["MessageSid"] = annSid, ["MessageStatus"] = "delivered" })).StatusCode);
        }

        var progress = await Json.ReadAsync(await staff.GetAsync($"/api/rounds/{id}"));
        Assert.Equal(2, progress.GetProperty("invited").GetInt32());
        Assert.Equal(2, progress.GetProperty("sent").GetInt32());
        Assert.Equal(1, progress.GetProperty("delivered").GetInt32());
        Assert.Equal(1, progress.GetProperty("started").GetInt32());
        Assert.Equal(1, progress.GetProperty("completed").GetInt32());
        Assert.Equal(1, progress.GetProperty("optedOut").GetInt32());
        Assert.Equal(0, progress.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task StatusCallback_WithoutAValidSignature_Is403()
    {
        var client = _service.CreateClient();
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["MessageStatus"] = "delivered" };
        var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/twilio/status") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSigner.HeaderName, "forged");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task PeopleApi_Says400_ImportsNothing_AndListsBadRows_WhenTheFileHasProblems()
    {
        var response = await _service.StaffClient().PostAsync("/api/people",
            new StringContent("name,phone,channel\nAnn,07700 900801,sms\nBob,not a number,pigeon\n", new MediaTypeHeaderValue("text/csv")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(0, body.GetProperty("imported").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("sms, voice or web", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RoundsApi_Says400InPlainWords_ForAnUnknownSurvey()
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/rounds", new { survey = "nope", groups = new[] { "a" }, channel = "sms", closes = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no survey with the id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HangfireDashboard_IsOnlyForSignedInStaff()
    {
        var client = _service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var anonymous = await client.GetAsync("/hangfire");
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, anonymous.StatusCode.ToString());

        // Even the API key is not a dashboard sign-in: staff sign in on the page.
        var withKey = await _service.StaffClient().GetAsync("/hangfire");
        Assert.True(withKey.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        var viewer = await SignIns.StaffAsync(_service, "viewer");
        Assert.True((await viewer.Client.GetAsync("/hangfire")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        var browser = (await SignIns.StaffAsync(_service)).Client;
        var dashboard = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    private Task<HttpResponseMessage> PostStatusAsync(Dictionary<string, string> form)
    {
        const string url = "http://localhost/twilio/status";
        return _service.CreateClient().SendAsync(TwilioRequests.SignedPost(url, form, ServiceFactory.AuthToken));
    }
}
