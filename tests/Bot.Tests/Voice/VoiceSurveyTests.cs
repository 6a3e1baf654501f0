using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Voice;

/// <summary>
/// Whole surveys by phone, through the real voice webhooks with real signatures: a simulated
/// call follows the TwiML as Twilio does (Gather actions, Redirects, Hangup).
/// </summary>
public sealed class VoiceSurveyTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public VoiceSurveyTests(ServiceFactory service) => _service = service;

    private Task<System.Text.Json.JsonElement> ResultsAsync() => _service.ResultsAsync("checkin");

    [Fact]
    public async Task Caller_CompletesTheSurveyByKeys_AndAnswersJoinTheResults()
    {
        var before = await ResultsAsync();
        var call = _service.Call("+447700900501");

        await call.StartInboundAsync();
        Assert.Contains("For English, press 1", call.LastPrompt);
        // The bilingual question already says its keys: they are not read out a second time.
        Assert.DoesNotContain("press 2 for Cymraeg", call.LastPrompt, StringComparison.OrdinalIgnoreCase);
        await call.PressAsync("1");
        Assert.Contains("Would you like to do 'Yearly check-in'?", call.LastPrompt);
        await call.PressAsync("1");
        Assert.Contains("How happy are you with your support?", call.LastPrompt);
        Assert.Contains("Press a number from 1 to 5", call.LastPrompt);
        Assert.Equal("1", (string?)call.Gather!.Attribute("numDigits"));
        await call.PressAsync("4");
        Assert.Contains("safe", call.LastPrompt);
        await call.PressAsync("1");
        Assert.Contains("What matters most", call.LastPrompt);
        Assert.Contains("press 2 for Work, learning or volunteering", call.LastPrompt, StringComparison.OrdinalIgnoreCase);
        await call.PressAsync("2");
        Assert.Contains("press hash", call.LastPrompt);
        await call.PressAsync("12#");
        await call.PressAsync("0");
        Assert.Contains("change", call.LastPrompt);
        await call.PressAsync("0");

        Assert.True(call.IsHungUp);
        Assert.Contains(call.Said, s => s.Contains("Thank you"));
        var after = await ResultsAsync();
        Assert.Equal(before.GetProperty("completed").GetInt32() + 1, after.GetProperty("completed").GetInt32());
        Assert.Equal(before.Question("happy").Count("4") + 1, after.Question("happy").Count("4"));
        Assert.Equal(before.Question("safe").Count("yes") + 1, after.Question("safe").Count("yes"));
        Assert.Equal(before.Question("matters").Count("work") + 1, after.Question("matters").Count("work"));
        Assert.Equal(before.Question("visits").Count("12") + 1, after.Question("visits").Count("12"));
        Assert.Equal(before.Question("call_day").Count("skipped") + 1, after.Question("call_day").Count("skipped"));
    }

    [Fact]
    public async Task Caller_CompletesTheSurveyBySpeech_InWelsh()
    {
        var before = await ResultsAsync();
        var call = _service.Call("+447700900502");

        await call.StartInboundAsync();
        await call.SayAsync("Cymraeg");
        Assert.Contains("Hoffech chi wneud 'Gwiriad blynyddol'?", call.LastPrompt);
        await call.SayAsync("ie");
        Assert.Contains("Pa mor hapus", call.LastPrompt);
        await call.SayAsync("pump");
        await call.SayAsync("ydw");
        await call.SayAsync("ffrindiau a theulu");
        await call.SayAsync("tri");
        await call.PressAsync("0");
        await call.SayAsync("Dim byd, diolch", confidence: 0.93);

        Assert.True(call.IsHungUp);
        Assert.Contains(call.Said, s => s.Contains("Diolch"));
        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("5") + 1, after.Question("happy").Count("5"));
        Assert.Equal(before.Question("matters").Count("friends") + 1, after.Question("matters").Count("friends"));
        Assert.Equal(before.Question("visits").Count("3") + 1, after.Question("visits").Count("3"));
        Assert.Equal(before.Question("change").GetProperty("answered").GetInt32() + 1, after.Question("change").GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task Silence_IsAskedOnceMore_ThenTheSurveyMovesOn()
    {
        var before = await ResultsAsync();
        var call = _service.Call("+447700900503");
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");

        await call.SilenceAsync();
        Assert.Contains("Sorry, I didn't hear anything.", call.LastPrompt);
        Assert.Contains("How happy", call.LastPrompt);
        await call.SilenceAsync();
        Assert.Contains("safe", call.LastPrompt);

        var after = await ResultsAsync();
        Assert.Equal(before.Question("happy").Count("unclear") + 1, after.Question("happy").Count("unclear"));
    }

    [Fact]
    public async Task CallerWhoHangsUp_CarriesOnByText_WhereTheyStopped()
    {
        var call = _service.Call("+447700900504");
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");
        await call.PressAsync("3");
        Assert.Contains("safe", call.LastPrompt);
        // They hang up here. Later they text instead.

        var replies = string.Join("\n", await _service.Phone("+447700900504").TextAsync("yes"));

        Assert.Contains("What matters most", replies);
    }

    [Fact]
    public async Task CallerWhoHangsUp_IsWelcomedBack_WhenTheyRingAgain()
    {
        var first = _service.Call("+447700900505");
        await first.StartInboundAsync();
        await first.PressAsync("1");
        await first.PressAsync("1");
        await first.PressAsync("5");

        var second = _service.Call("+447700900505");
        await second.StartInboundAsync();

        Assert.Contains("Welcome back", second.LastPrompt);
        await second.PressAsync("1");
        Assert.Contains("safe", second.LastPrompt);
    }

    [Fact]
    public async Task StopCallingMe_EndsTheCall_AndOptsOut()
    {
        var call = _service.Call("+447700900506");
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");

        await call.SayAsync("stop calling me");

        Assert.True(call.IsHungUp);
        Assert.Contains(call.Said, s => s.Contains("You have stopped"));
        Assert.Empty(await _service.Phone("+447700900506").TextAsync("CHECKIN"));
    }

    [Fact]
    public async Task AnswerUrl_WithChangedQueryString_Gets403()
    {
        var call = _service.Call("+447700900507");
        await call.StartInboundAsync();
        var action = (string)call.Gather!.Attribute("action")!;
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = call.CallSid, ["From"] = "+447700900507", ["To"] = ServiceFactory.OurNumber, ["Digits"] = "1",
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["Direction"] = "inbound", ["CallStatus"] = "in-progress",
        };
        var url = new Uri(new Uri("http://localhost"), action).ToString();
        var tampered = url + "&invitation=someone-else";
        using var request = TwilioRequests.SignedPost(tampered, form, ServiceFactory.AuthToken, signedUrl: url);

        var response = await _service.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
