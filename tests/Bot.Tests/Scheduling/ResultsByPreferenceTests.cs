using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// Results go back the way people answered, through the real pipeline: two people vote by a
/// signed phone call; one has since told staff they would rather have texts. When the vote
/// closes, one is called back and the other is texted, never both.
/// </summary>
public sealed class ResultsByPreferenceTests : IDisposable
{
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public void Dispose() => _service.Dispose();

    private const string Caller = "+447400102100";
    private const string PrefersTexts = "+447400102200";

    private async Task<List<(string To, string Channel, string Body)>> OutboxAsync() =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
        .Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("channel").GetString()!, e.GetProperty("body").GetString()!)).ToList();

    private async Task ImportAsync(string csv) =>
        Assert.Equal(HttpStatusCode.OK, (await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")))).StatusCode);

    [Fact]
    public async Task PeopleWhoVotedByPhone_AreCalledWithTheResult_OrTextedWhenTheyPreferTexts()
    {
        var staff = _service.StaffClient();
        await ImportAsync($"name,phone,channel,groups\nAl,{Caller},voice,kitchen\nBo,{PrefersTexts},voice,kitchen\n");
        var created = await staff.PostAsJsonAsync("/api/votes", new
        {
            question = "Which day for the kitchen club?", options = new[] { "Monday", "Friday" }, groups = new[] { "kitchen" }, closes = DateTimeOffset.UtcNow.AddDays(1),
        });
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        var state = await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"));
        await Board.ApproveAsync(_service, state.GetProperty("survey").GetString()!);
        var round = (await Json.ReadAsync(await staff.PostAsync($"/api/votes/{id}/open", null))).GetProperty("round").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var asked = await OutboxAsync();
        foreach (var phone in new[] { Caller, PrefersTexts })
        {
            var invitation = Assert.Single(asked, t => t.To == phone && t.Channel == "voice").Body.Split(' ')[^1];
            var call = _service.Call(phone);
            await call.StartOutboundAsync("human", $"invitation={invitation}");
            await call.PressAsync("2");
            Assert.True(call.IsHungUp);
        }
        // Bo tells staff: texts from now on.
        await ImportAsync($"phone,channel\n{PrefersTexts},sms\n");

        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().QuickVotes.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosesAt, past));
        }
        await _service.RunJobAsync<VoteClosingJob>(j => j.RunAsync(id, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var sent = (await OutboxAsync()).Skip(asked.Count).ToList();
        var text = Assert.Single(sent, t => t.To == PrefersTexts);
        Assert.Equal("sms", text.Channel);
        Assert.Contains("The vote has closed.", text.Body);
        Assert.Contains("/results/", text.Body);
        var callBack = Assert.Single(sent, t => t.To == Caller);
        Assert.Equal("voice", callBack.Channel);
        var back = _service.Call(Caller);
        await back.StartOutboundAsync("human", $"invitation={callBack.Body.Split(' ')[^1]}");
        Assert.Contains("The vote has closed.", string.Join(" ", back.Said));
    }
}
