using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using CoProduction.Store.OptOuts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// STOP in a chat opened from an invitation link, over the real Direct Line protocol: it holds
/// for the person's phone, and opening the link again (a "yes", even START typed in the chat)
/// never opts them back in: anyone holding the link could have opened it.
/// </summary>
public sealed class ChatStopTests : IDisposable
{
    private const string Ann = "+447700900711";
    private readonly KestrelServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private async Task RunAsync<TJob>(Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = _service.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    /// <summary>Ann is invited to the check-in by a chat link; the link's token.</summary>
    private async Task<string> InviteByChatLinkAsync()
    {
        var staff = _service.StaffClient();
        var csv = $"name,phone,channel,language,timezone,groups\nAnn,{Ann},web,en,Europe/London,invited\n";
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")))).StatusCode);
        var created = await staff.PostAsJsonAsync("/api/rounds", new
        {
            survey = "checkin", groups = new[] { "invited" }, channel = "preferred",
            opens = DateTimeOffset.UtcNow.AddMinutes(-1), closes = DateTimeOffset.UtcNow.AddDays(14),
        });
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        await RunAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await RunAsync<InvitationDispatcher>(j => j.RunAsync(default));
        var outbox = await Json.ReadAsync(await staff.GetAsync("/api/outbox"));
        var text = outbox.EnumerateArray().Single(e => e.GetProperty("to").GetString() == Ann).GetProperty("body").GetString()!;
        return Uri.UnescapeDataString(text[(text.IndexOf("invite=", StringComparison.Ordinal) + "invite=".Length)..].Split(' ', '\n')[0]);
    }

    private static async Task<string> SayAsync(DirectLineChat chat, string text)
    {
        Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync(text)).StatusCode);
        return string.Join(" ", (await chat.ReceiveBotTurnAsync(_ => true)).Select(DirectLineChat.Text));
    }

    [Fact]
    public async Task StopInAChatFromTheLink_HoldsForThePhone_AndTheLinkNeverOptsBackIn()
    {
        _service.Settings["Scheduling:RunJobServer"] = "false";
        _service.Settings["Scheduling:JobStorage"] = "InMemory";
        _service.Settings["Scheduling:QuietHoursStart"] = "00:00";
        _service.Settings["Scheduling:QuietHoursEnd"] = "00:00";
        _service.Start();
        var token = await InviteByChatLinkAsync();

        await using (var chat = await DirectLineChat.StartAsync(_service.Client(), new { invite = token }))
        {
            // Straight away, before the survey starts: the invitation itself stays open.
            Assert.Contains("You have stopped", await SayAsync(chat, "I don't want to do this survey, thanks"));
        }
        Assert.True(await Db(db => OptOutRegister.IsOptedOutAsync(db, Ann, null, default)));

        await using (var again = await DirectLineChat.StartAsync(_service.Client(), new { invite = token }))
        {
            Assert.Equal("accepted", again.Session.GetProperty("invitation").GetString());
            await again.SendEventAsync("startSurvey", new { survey = "checkin", invite = token });
            var greeting = string.Join(" ", (await again.ReceiveBotTurnAsync(_ => true)).Select(DirectLineChat.Text));
            Assert.Contains("text START from your phone", greeting);
            Assert.DoesNotContain("How happy", greeting);

            Assert.Contains("text START from your phone", await SayAsync(again, "yes"));
            Assert.Contains("text START from your phone", await SayAsync(again, "START"));
        }

        Assert.True(await Db(db => OptOutRegister.IsOptedOutAsync(db, Ann, null, default)));
        var optOut = await Db(db => db.OptOuts.SingleAsync());
        Assert.Equal((Ann, "STOP", (DateTimeOffset?)null), (optOut.Phone, optOut.Keyword, optOut.EndedAt));
    }
}
