using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// Invitations by phone call and by chat link: the outbound call picked up starts the invited
/// survey at once; an answering machine puts the invitation back to be tried again; a chat link
/// makes the visitor the invited person.
/// </summary>
public sealed class InvitationChannelsTests : IDisposable
{
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public void Dispose() => _service.Dispose();

    /// <summary>Imports people for one channel, opens a round of the demo check-in for them, runs the jobs.</summary>
    private async Task<(Guid Round, IReadOnlyList<(string To, string Body)> Outbox)> InviteAsync(string channel, params string[] phones)
    {
        var staff = _service.StaffClient();
        var csv = "name,phone,channel,language,timezone,groups\n"
                  + string.Concat(phones.Select((p, i) => $"Person {i},{p},{channel},en,Europe/London,invited\n"));
        var import = await Json.ReadAsync(await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv"))));
        Assert.Equal(phones.Length, import.GetProperty("imported").GetInt32());
        var created = await staff.PostAsJsonAsync("/api/rounds", new
        {
            survey = "checkin", groups = new[] { "invited" }, channel = "preferred",
            opens = DateTimeOffset.UtcNow.AddMinutes(-1), closes = DateTimeOffset.UtcNow.AddDays(14),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        var outbox = await Json.ReadAsync(await staff.GetAsync("/api/outbox"));
        return (round, outbox.EnumerateArray().Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("body").GetString()!)).ToList());
    }

    private async Task<System.Text.Json.JsonElement> ProgressAsync(Guid round) =>
        await Json.ReadAsync(await _service.StaffClient().GetAsync($"/api/rounds/{round}"));

    [Fact]
    public async Task InvitationCall_PickedUp_StartsTheInvitedSurvey_AndCompletesTheInvitation()
    {
        var (round, outbox) = await InviteAsync("voice", "+447700900801");
        var call = Assert.Single(outbox, e => e.To == "+447700900801");
        var invitation = call.Body.Split(' ')[^1];

        var phone = _service.Call("+447700900801");
        await phone.StartOutboundAsync("human", $"invitation={invitation}");

        Assert.Contains("How happy are you with your support?", phone.LastPrompt);
        await phone.PressAsync("5");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("3#");
        await phone.PressAsync("0");
        await phone.PressAsync("0");
        Assert.True(phone.IsHungUp);
        var progress = await ProgressAsync(round);
        Assert.Equal(1, progress.GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task AnsweringMachine_LeavesAShortMessage_AndTheInvitationIsTriedAgain()
    {
        var (round, outbox) = await InviteAsync("voice", "+447700900802");
        var invitation = Assert.Single(outbox, e => e.To == "+447700900802").Body.Split(' ')[^1];

        var machine = _service.Call("+447700900802");
        await machine.StartOutboundAsync("machine_start", $"invitation={invitation}");
        Assert.True(machine.IsHungUp);
        Assert.Contains(machine.Said, s => s.Contains("try again", StringComparison.OrdinalIgnoreCase));

        var status = new Dictionary<string, string>
        {
            ["CallSid"] = machine.CallSid, ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["CallStatus"] = "completed",
            ["AnsweredBy"] = "machine_start", ["From"] = ServiceFactory.OurNumber, ["To"] = "+447700900802", ["Direction"] = "outbound-api",
        };
        var url = $"http://localhost/twilio/status?invitation={invitation}";
        using var request = TwilioRequests.SignedPost(url, status, ServiceFactory.AuthToken);
        Assert.Equal(HttpStatusCode.OK, (await _service.CreateClient().SendAsync(request)).StatusCode);

        var progress = await ProgressAsync(round);
        Assert.Equal(0, progress.GetProperty("completed").GetInt32());
        Assert.Equal(0, progress.GetProperty("failed").GetInt32());
        Assert.Equal(0, progress.GetProperty("delivered").GetInt32());
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoProduction.Store.StoreDbContext>();
            var row = await db.Invitations.FindAsync(Guid.Parse(invitation));
            Assert.Equal(CoProduction.Store.Model.InvitationStatus.Pending, row!.Status);
            Assert.Contains("answering machine", row.LastError);
        }
        // Back in the queue: the next dispatch (after the backoff) calls again, so nothing is due yet.
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        var calls = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
            .Count(e => e.GetProperty("to").GetString() == "+447700900802");
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ChatLink_MakesTheVisitorTheInvitedPerson()
    {
        var (_, outbox) = await InviteAsync("web", "+447700900803");
        var text = Assert.Single(outbox, e => e.To == "+447700900803").Body;
        var token = Uri.UnescapeDataString(text[(text.IndexOf("invite=", StringComparison.Ordinal) + "invite=".Length)..].Split(' ', '\n')[0]);

        var response = await _service.CreateClient().PostAsJsonAsync("/chat/token", new { invite = token });

        var body = await Json.ReadAsync(response);
        Assert.Equal("accepted", body.GetProperty("invitation").GetString());
        Assert.Equal("checkin", body.GetProperty("survey").GetString());
        var unknown = await Json.ReadAsync(await _service.CreateClient().PostAsJsonAsync("/chat/token", new { invite = "not-a-real-token" }));
        Assert.Equal("unknown", unknown.GetProperty("invitation").GetString());
    }
}
