using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// A survey started by text goes through the same turn pipeline as a person's own text: saved
/// before the first text goes, so their reply finds it waiting; and a store that cannot answer
/// just then means "try again later", with nothing sent and nothing recorded.
/// </summary>
public sealed class SurveyStarterTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public SurveyStarterTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task SmsReminder_IsSavedBeforeItIsSent_SaysReminderFirst_AndTheReplyCarriesOn()
    {
        var phone = _service.Phone("+447700900760");

        var result = await StartAsync(phone.From, await PublishedVersionAsync(), isReminder: true);
        var sent = await OutboxTo(phone.From);
        var reply = await phone.TextAsync("4");

        Assert.Equal(StartOutcome.Sent, result.Outcome);
        Assert.StartsWith("Reminder: ", sent[0]);
        Assert.Contains(sent, t => t.Contains("How happy are you with your support?"));
        Assert.Contains(reply, r => r.Contains("safe", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SmsReminder_ToSomeoneWhoChoseWelsh_SaysNodynAtgoffaFirst_InTheWelshSurvey()
    {
        var phone = _service.Phone("+447400100762");
        await ImportAsync($"name,phone,channel,language\nBryn,{phone.From},sms,cy\n");

        var result = await StartAsync(phone.From, await PublishedVersionAsync(), isReminder: true);
        var sent = await OutboxTo(phone.From);

        Assert.Equal(StartOutcome.Sent, result.Outcome);
        Assert.Equal("Nodyn atgoffa: Helo! Dyma eich gwiriad blynyddol, ychydig o gwestiynau byr am eich cymorth. Does dim ateb anghywir. Dywedwch neu tecstiwch STOP i stopio.", sent[0]);
        Assert.StartsWith("Pa mor hapus ydych chi gyda'ch cymorth?", sent[1]);
        Assert.DoesNotContain(sent, t => t.Contains("Reminder", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("+447400100763", "cy", "Nodyn atgoffa: Hoffem glywed gennych chi.")]
    [InlineData("+447400100764", "en", "Reminder: We would like to hear from you.")]
    public async Task ChatLinkReminder_IsInThePersonsLanguage(string phone, string language, string opening)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISurveyStarter>().StartAsync(
            new SurveyStart(Guid.NewGuid(), Guid.NewGuid(), "checkin", await PublishedVersionAsync(), Channel.Web, phone, "token", IsReminder: true, Language: language),
            CancellationToken.None);

        Assert.Equal(StartOutcome.Sent, result.Outcome);
        Assert.StartsWith(opening, Assert.Single(await OutboxTo(phone)));
    }

    [Fact]
    public async Task SmsStart_AsksToRetryLater_WhenTheStoreIsBusy_AndSendsAndRecordsNothing()
    {
        const string phone = "+447700900761";
        var version = await PublishedVersionAsync();

        _service.Store.FailWith(FailingStore.Busy);
        StartResult result;
        try
        {
            result = await StartAsync(phone, version, isReminder: false);
        }
        finally
        {
            _service.Store.Heal();
        }

        Assert.Equal(StartOutcome.Retry, result.Outcome);
        Assert.Empty(await OutboxTo(phone));
        Assert.Equal(0, await Db(db => db.People.CountAsync(p => p.Phone == phone)));
    }

    private async Task ImportAsync(string csv)
    {
        var response = await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv")));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<int> PublishedVersionAsync() =>
        Db(db => db.Surveys.Where(s => s.Id == "checkin").Select(s => s.PublishedVersion!.Value).SingleAsync());

    private async Task<StartResult> StartAsync(string phone, int version, bool isReminder)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISurveyStarter>().StartAsync(
            new SurveyStart(Guid.NewGuid(), Guid.NewGuid(), "checkin", version, Channel.Sms, phone, "token", isReminder), CancellationToken.None);
    }

    private async Task<List<string>> OutboxTo(string phone)
    {
        var outbox = await _service.StaffClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/outbox");
        return outbox.EnumerateArray().Where(e => e.GetProperty("to").GetString() == phone).Select(e => e.GetProperty("body").GetString()!).ToList();
    }

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }
}
