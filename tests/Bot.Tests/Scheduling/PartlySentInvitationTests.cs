using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// An SMS invitation is two texts (the intro, then the first question). When Twilio takes the
/// first and refuses the second, the invitation is not sent yet: its retry sends only the question,
/// never the intro again; when the retries give up, staff see it failed, as for any text that fails.
/// </summary>
public sealed class PartlySentInvitationTests : IDisposable
{
    private const string Phone = "+447400100231";
    private const string Question = "How happy are you";
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public PartlySentInvitationTests()
    {
        _service.Settings["Scheduling:RetryBackoff"] = "00:00:00";
        _service.Settings["Scheduling:MaxAttempts"] = "2";
    }

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task SecondTextFailingOnce_IsSentAloneByTheRetry_AndOnlyThenIsTheInvitationSent()
    {
        // A backoff the first run does not reach; its time then comes (below) before the next run.
        _service.Settings["Scheduling:RetryBackoff"] = "01:00:00";
        var round = await RoundWithSecondTextFailingAsync(failures: 1);

        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var intro = Assert.Single(await TextsAsync());
        Assert.DoesNotContain(Question, intro);
        var waiting = await InvitationAsync(round);
        Assert.Equal(InvitationStatus.Pending, waiting.Status);
        Assert.Null(waiting.SentAt);
        Assert.Contains("may not have the first question", waiting.LastError);
        Assert.DoesNotContain(Phone, waiting.LastError);
        Assert.Contains("1 invitation is waiting to be tried again.", await RoundPageAsync(round));
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var now = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Invitations.Where(i => i.RoundId == round).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotBefore, now));
        }

        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var texts = await TextsAsync();
        Assert.Equal(2, texts.Count);
        Assert.Equal(intro, texts[0]);
        Assert.Contains(Question, texts[1]);
        var sent = await InvitationAsync(round);
        Assert.Equal(InvitationStatus.Sent, sent.Status);
        Assert.Null(sent.LastError);
        Assert.Null(sent.UnsentTexts);
    }

    [Fact]
    public async Task SecondTextFailingEveryTime_FailsTheInvitationWhenTheRetriesGiveUp_AndTheIntroIsNeverSentAgain()
    {
        var round = await RoundWithSecondTextFailingAsync(failures: int.MaxValue);

        for (var run = 0; run < 3; run++) await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var intro = Assert.Single(await TextsAsync());
        Assert.DoesNotContain(Question, intro);
        var failed = await InvitationAsync(round);
        Assert.Equal(InvitationStatus.Failed, failed.Status);
        Assert.Null(failed.UnsentTexts);
        var page = await RoundPageAsync(round);
        Assert.Contains("1 invitation could not be sent.", page);
        Assert.Contains("may not have the first question", page);
    }

    private async Task<Guid> RoundWithSecondTextFailingAsync(int failures)
    {
        _service.ExtraServices = services => services.Replace(ServiceDescriptor.Singleton<ISmsSender>(sp =>
            new LaterTextsFail(new OutboxSmsSender(sp.GetRequiredService<IOutbox>(), TimeProvider.System), failures)));
        var staff = _service.StaffClient();
        var csv = $"name,phone,groups\nAda,{Phone},oak-house\n";
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
        var created = await staff.PostAsJsonAsync("/api/rounds", new { survey = "checkin", groups = new[] { "oak-house" }, channel = "sms", closes = DateTimeOffset.UtcNow.AddDays(7) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        return round;
    }

    private async Task<List<string>> TextsAsync() =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
        .Where(e => e.GetProperty("to").GetString() == Phone).Select(e => e.GetProperty("body").GetString()!).ToList();

    private async Task<Invitation> InvitationAsync(Guid round)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Invitations.AsNoTracking().SingleAsync(i => i.RoundId == round);
    }

    private async Task<string> RoundPageAsync(Guid round) =>
        WebUtility.HtmlDecode(await (await SignIns.StaffAsync(_service)).Client.GetStringAsync($"/staff/rounds/details/{round}"));

    /// <summary>Twilio taking each number's first text, then refusing the next <c>failures</c> texts.</summary>
    private sealed class LaterTextsFail(ISmsSender inner, int failures) : ISmsSender
    {
        private readonly ConcurrentDictionary<string, int> _sends = new();

        public Task<SmsSendResult> SendAsync(string to, string body, CancellationToken cancellationToken)
        {
            var n = _sends.AddOrUpdate(to, 1, (_, sent) => sent + 1);
            return n > 1 && n - 1 <= failures
                ? Task.FromResult(SmsSendResult.Failed("30001", "Twilio's queue was full just then.", retryable: true))
                : inner.SendAsync(to, body, cancellationToken);
        }
    }
}
