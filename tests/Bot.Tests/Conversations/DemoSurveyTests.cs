using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Conversations;

/// <summary>
/// The shipped demo survey (surveys/checkin.yaml), as a new user would try it: text the keyword
/// through signed webhooks, answer every question, and find the answers in the results API.
/// </summary>
public sealed class DemoSurveyTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public DemoSurveyTests(ServiceFactory service) => _service = service;

    private Task<System.Text.Json.JsonElement> ResultsAsync() => _service.ResultsAsync("checkin");

    [Fact]
    public async Task DemoSurvey_CompletesInEnglish_AndCountsAppearInResults()
    {
        var before = await ResultsAsync();
        var phone = _service.Phone("+447700900401");

        var intro = string.Join("\n", await phone.TextAsync("checkin"));
        Assert.Contains("yearly check-in", intro);
        Assert.Contains("How happy are you with your support?", intro);
        Assert.Contains("Do you feel safe", string.Join("\n", await phone.TextAsync("4 out of 5")));
        Assert.Contains("What would help", string.Join("\n", await phone.TextAsync("not really")));
        Assert.Contains("What matters most", string.Join("\n", await phone.TextAsync("A light outside my door")));
        Assert.Contains("How many times", string.Join("\n", await phone.TextAsync("my home")));
        var afterVisits = string.Join("\n", await phone.TextAsync("twenty one"));
        Assert.Contains("good day", afterVisits);
        Assert.Contains("change", string.Join("\n", await phone.TextAsync("tuesday")));
        var thanks = string.Join("\n", await phone.TextAsync("More time to talk"));
        Assert.Contains("Thank you", thanks);

        var after = await ResultsAsync();
        Assert.Equal(before.GetProperty("completed").GetInt32() + 1, after.GetProperty("completed").GetInt32());
        Assert.Equal(before.Question("happy").Count("4") + 1, after.Question("happy").Count("4"));
        Assert.Equal(before.Question("safe").Count("no") + 1, after.Question("safe").Count("no"));
        Assert.Equal(before.Question("matters").Count("home") + 1, after.Question("matters").Count("home"));
        Assert.Equal(before.Question("visits").Count("21") + 1, after.Question("visits").Count("21"));
        Assert.Equal(before.Question("call_day").GetProperty("answered").GetInt32() + 1, after.Question("call_day").GetProperty("answered").GetInt32());
        Assert.Equal(before.Question("safer").GetProperty("answered").GetInt32() + 1, after.Question("safer").GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task DemoSurvey_CompletesInWelsh_WhenStartedWithTheWelshKeyword()
    {
        var before = await ResultsAsync();
        var phone = _service.Phone("+447700900402");

        var intro = string.Join("\n", await phone.TextAsync("gwirio"));
        Assert.Contains("Helo!", intro);
        Assert.Contains("Pa mor hapus", intro);
        Assert.Contains("ddiogel", string.Join("\n", await phone.TextAsync("pump")));
        var matters = string.Join("\n", await phone.TextAsync("ie"));
        Assert.Contains("Beth sydd bwysicaf", matters);
        Assert.Contains("Ffrindiau a theulu", matters);
        await phone.TextAsync("1");
        await phone.TextAsync("3");
        await phone.TextAsync("skip");
        var thanks = string.Join("\n", await phone.TextAsync("Dim byd"));
        Assert.Contains("Diolch", thanks);

        var after = await ResultsAsync();
        Assert.Equal(before.GetProperty("completed").GetInt32() + 1, after.GetProperty("completed").GetInt32());
        Assert.Equal(before.Question("happy").Count("5") + 1, after.Question("happy").Count("5"));
        Assert.Equal(before.Question("safe").Count("yes") + 1, after.Question("safe").Count("yes"));
        Assert.Equal(before.Question("matters").Count("friends") + 1, after.Question("matters").Count("friends"));
        Assert.Equal(before.Question("visits").Count("3") + 1, after.Question("visits").Count("3"));
        Assert.Equal(before.Question("call_day").Count("skipped") + 1, after.Question("call_day").Count("skipped"));

        // The person's language is remembered: the plain keyword now starts in Welsh too.
        Assert.Contains("Helo!", string.Join("\n", await phone.TextAsync("CHECKIN")));
    }
}
