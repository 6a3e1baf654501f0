using System.Net;
using System.Net.Http.Headers;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Conversations;

/// <summary>Whole surveys by text message, from the first text to the results API, through the real webhook.</summary>
public sealed class SmsSurveyTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private readonly ServiceFactory _service;

    public SmsSurveyTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync()
    {
        var staff = _service.StaffClient();
        var upload = await staff.PostAsync("/api/surveys", Yaml(SmallSurvey.Yaml));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        await Board.ApproveAsync(_service, "pulse");
        var publish = await staff.PostAsync("/api/surveys/pulse/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Yaml(string yaml) =>
        new(yaml, new MediaTypeHeaderValue("application/yaml"));

    private Task<System.Text.Json.JsonElement> ResultsAsync() => _service.ResultsAsync("pulse");

    [Fact]
    public async Task WholeSurvey_LandsInResults_WhenAnsweredInEverydayWords()
    {
        var before = await ResultsAsync();
        var phone = _service.Phone("+447700900301");

        var first = await phone.TextAsync("pulse");
        Assert.Contains(first, r => r.Contains("A few quick questions"));
        Assert.Contains(first, r => r.Contains("How happy are you with your support?") && r.Contains("Reply 1 to 5"));
        Assert.Contains("Do you feel safe at home?", string.Join("\n", await phone.TextAsync("FOUR!")));
        Assert.Contains("What matters most", string.Join("\n", await phone.TextAsync("yes pls")));
        Assert.Contains("How many times", string.Join("\n", await phone.TextAsync("friends and family i think")));
        Assert.Contains("When is a good day", string.Join("\n", await phone.TextAsync("a dozen")));
        Assert.Contains("What one thing", string.Join("\n", await phone.TextAsync("skip")));
        var last = await phone.TextAsync("Evening visits please");
        Assert.Contains("Thank you. Your answers help us change things.", string.Join("\n", last));

        var after = await ResultsAsync();
        Assert.Equal(before.GetProperty("responses").GetInt32() + 1, after.GetProperty("responses").GetInt32());
        Assert.Equal(before.GetProperty("completed").GetInt32() + 1, after.GetProperty("completed").GetInt32());
        Assert.Equal(before.Question("happy").Count("4") + 1, after.Question("happy").Count("4"));
        Assert.Equal(before.Question("safe").Count("yes") + 1, after.Question("safe").Count("yes"));
        Assert.Equal(before.Question("matters").Count("friends") + 1, after.Question("matters").Count("friends"));
        Assert.Equal(before.Question("visits").Count("12") + 1, after.Question("visits").Count("12"));
        Assert.Equal(before.Question("when").Count("skipped") + 1, after.Question("when").Count("skipped"));
        Assert.Equal(before.Question("change").GetProperty("answered").GetInt32() + 1, after.Question("change").GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task UnclearReplies_AreAskedAgainTwice_ThenRecordedAsUnclear()
    {
        var before = await ResultsAsync();
        var phone = _service.Phone("+447700900302");
        await phone.TextAsync("PULSE");

        Assert.Contains("Please reply with a number from 1 to 5.", string.Join("\n", await phone.TextAsync("7")));
        Assert.Contains("Please reply with a number from 1 to 5.", string.Join("\n", await phone.TextAsync("lol")));
        var moved = string.Join("\n", await phone.TextAsync("dunno"));
        Assert.Contains("Do you feel safe at home?", moved);

        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("unclear") + 1, after.Question("happy").Count("unclear"));
        Assert.Equal(before.Question("happy").GetProperty("answered").GetInt32(), after.Question("happy").GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task Stop_EndsSurveyAtOnce_AndNothingIsSentUntilStart()
    {
        var phone = _service.Phone("+447700900303");
        await phone.TextAsync("PULSE");
        await phone.TextAsync("3");

        var stopped = await phone.TextAsync("stop");
        Assert.Contains("You have stopped", Assert.Single(stopped));

        Assert.Empty(await phone.TextAsync("yes"));
        Assert.Empty(await phone.TextAsync("PULSE"));

        var back = await phone.TextAsync("START");
        Assert.Contains("Welcome back", Assert.Single(back));
        var again = await phone.TextAsync("PULSE");
        Assert.Contains(again, r => r.Contains("How happy are you with your support?"));
    }

    [Fact]
    public async Task RepeatedMessageSid_IsAnsweredAgain_ButRecordedOnce()
    {
        var phone = _service.Phone("+447700900304");
        await phone.TextAsync("PULSE");
        var before = await ResultsAsync();

        var first = await phone.TextAsync("5", messageSid: "SMrepeat0000000000000000000000001");
        var retry = await phone.TextAsync("5", messageSid: "SMrepeat0000000000000000000000001");

        Assert.Equal(first, retry);
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("5") + 1, after.Question("happy").Count("5"));
        // And the survey moved on once, not twice: the next question is still "safe".
        Assert.Contains("Do you feel safe at home?", string.Join("\n", await phone.TextAsync("again")));
    }

    [Fact]
    public async Task ConcurrentRetries_OfOneMessage_AreRecordedOnce()
    {
        var phone = _service.Phone("+447700900305");
        await phone.TextAsync("PULSE");
        var before = await ResultsAsync();

        var sends = Enumerable.Range(0, 5).Select(_ => phone.SendAsync("2", "SMconcurrent000000000000000000001")).ToList();
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("2") + 1, after.Question("happy").Count("2"));
    }

    // Texts arriving together share one commit on SQLite (StoreWriteGate): each is answered only
    // once its own rows are committed, and a turn refused inside a batch runs again on the batch's rows.

    [Fact]
    public async Task IdenticalWebhooksAtOnce_AllGetTheSameReplies_AndAreRecordedOnce()
    {
        var phone = _service.Phone("+447700900360");
        await phone.TextAsync("PULSE");
        var before = await ResultsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => phone.SendAsync("3", "SMsametime00000000000000000000001")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var replies = await Task.WhenAll(responses.Select(async r => string.Join("\n", TestPhone.Messages(await r.Content.ReadAsStringAsync()))));
        Assert.Contains("Do you feel safe at home?", replies[0]);
        Assert.All(replies, r => Assert.Equal(replies[0], r));
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("3") + 1, after.Question("happy").Count("3"));
    }

    [Fact]
    public async Task TwoTextsFromOnePersonAtOnce_AreBothTakenInTurn()
    {
        var phone = _service.Phone("+447700900361");
        await phone.TextAsync("PULSE");
        var before = await ResultsAsync();

        var responses = await Task.WhenAll(phone.SendAsync("4"), phone.SendAsync("yes"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var (four, yes) = (string.Join("\n", TestPhone.Messages(await responses[0].Content.ReadAsStringAsync())), string.Join("\n", TestPhone.Messages(await responses[1].Content.ReadAsStringAsync())));
        // Whichever came first, "4" answered the first question; "yes" answered the second after it, or was asked again before it.
        Assert.Contains("Do you feel safe at home?", four);
        var yesAnsweredSafe = yes.Contains("What matters most");
        if (!yesAnsweredSafe) Assert.Contains("Please reply with a number from 1 to 5.", yes);
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("4") + 1, after.Question("happy").Count("4"));
        Assert.Equal(before.Question("safe").Count("yes") + (yesAnsweredSafe ? 1 : 0), after.Question("safe").Count("yes"));
        // Nothing lost: the next text finds the survey where the two left it.
        Assert.Contains(yesAnsweredSafe ? "How many times" : "What matters most", string.Join("\n", await phone.TextAsync(yesAnsweredSafe ? "friends" : "yes")));
    }

    [Fact]
    public async Task ManyPhonesTextingAtOnce_AreAllAnsweredAndRecorded()
    {
        var phones = Enumerable.Range(0, 16).Select(i => _service.Phone("+4477009003" + (70 + i).ToString("D2"))).ToList();
        foreach (var phone in phones) await phone.TextAsync("PULSE");
        var before = await ResultsAsync();

        var responses = await Task.WhenAll(phones.Select(p => p.SendAsync("2")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses) Assert.Contains("Do you feel safe at home?", string.Join("\n", TestPhone.Messages(await response.Content.ReadAsStringAsync())));
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("2") + phones.Count, after.Question("happy").Count("2"));
    }
}
