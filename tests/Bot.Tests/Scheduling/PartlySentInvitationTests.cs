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
/// first and refuses the second, the person may have no question: the invitation is not recorded
/// as plainly sent, staff see why on the round page, and the intro is never sent again.
/// </summary>
public sealed class PartlySentInvitationTests : IDisposable
{
    private const string Phone = "+447400100231";
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public PartlySentInvitationTests() =>
        _service.ExtraServices = services => services.Replace(ServiceDescriptor.Singleton<ISmsSender>(sp =>
            new SecondTextFails(new OutboxSmsSender(sp.GetRequiredService<IOutbox>(), TimeProvider.System))));

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task SecondTextFailing_LeavesTheInvitationMarkedOnTheRoundPage_AndTheIntroIsNeverSentAgain()
    {
        var staff = _service.StaffClient();
        var csv = $"name,phone,groups\nAda,{Phone},oak-house\n";
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
        var created = await staff.PostAsJsonAsync("/api/rounds", new { survey = "checkin", groups = new[] { "oak-house" }, channel = "sms", closes = DateTimeOffset.UtcNow.AddDays(7) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();

        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var texts = (await Json.ReadAsync(await staff.GetAsync("/api/outbox"))).EnumerateArray()
            .Where(e => e.GetProperty("to").GetString() == Phone).Select(e => e.GetProperty("body").GetString()!).ToList();
        var intro = Assert.Single(texts);
        Assert.DoesNotContain("How happy are you", intro);

        await using var scope = _service.Services.CreateAsyncScope();
        var invitation = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Invitations.AsNoTracking().SingleAsync(i => i.RoundId == round);
        Assert.Equal(InvitationStatus.Sent, invitation.Status);
        Assert.Contains("may not have the first question", invitation.LastError);
        Assert.DoesNotContain(Phone, invitation.LastError);

        var page = WebUtility.HtmlDecode(await (await SignIns.StaffAsync(_service)).Client.GetStringAsync($"/staff/rounds/details/{round}"));
        Assert.Contains("1 invitation was sent, but something went wrong:", page);
        Assert.Contains("may not have the first question", page);
    }

    /// <summary>Twilio taking each number's first text and refusing the second.</summary>
    private sealed class SecondTextFails(ISmsSender inner) : ISmsSender
    {
        private readonly ConcurrentDictionary<string, int> _sends = new();

        public Task<SmsSendResult> SendAsync(string to, string body, CancellationToken cancellationToken) =>
            _sends.AddOrUpdate(to, 1, (_, n) => n + 1) == 2
                ? Task.FromResult(SmsSendResult.Failed("30001", "Twilio's queue was full just then.", retryable: true))
                : inner.SendAsync(to, body, cancellationToken);
    }
}
