using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>A board member tries a draft by text before it is published: it runs, flags reach the review, results stay clean.</summary>
public sealed class PilotTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public PilotTests(ServiceFactory service) => _service = service;

    private const string Draft = """
        id: draft-pilot
        title: Draft pilot
        keyword: TRYME
        intro: Hello! This is a draft.
        outro: Thanks for trying it.
        questions:
          - id: clear
            type: yesno
            text: Is this question clear?
          - id: score
            type: scale
            text: How easy was it?
            min: 1
            max: 5
        """;

    [Fact]
    public async Task Pilot_RunsTheDraftByText_RecordsFlags_AndKeepsAnswersOutOfResults()
    {
        var staff = _service.StaffClient();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync("/api/surveys", new StringContent(Draft, new MediaTypeHeaderValue("application/yaml")))).StatusCode);
        var member = await SignIns.MemberAsync(_service, "Jo", "expert-by-experience");
        var phone = _service.Phone("+447700900701");

        // Before a pilot the draft's keyword means nothing: it is not published.
        Assert.DoesNotContain("This is a draft", string.Join("\n", await phone.TextAsync("TRYME")));

        var pilot = await member.Client.PostAsJsonAsync("/api/surveys/draft-pilot/pilots", new { channel = "sms", address = "07700 900701" });
        Assert.Equal(HttpStatusCode.Created, pilot.StatusCode);

        var intro = string.Join("\n", await phone.TextAsync("tryme"));
        Assert.Contains("This is a draft", intro);
        Assert.Contains("Is this question clear?", intro);
        var flagged = string.Join("\n", await phone.TextAsync("confusing"));
        Assert.Contains("this question was confusing", flagged);
        Assert.Contains("Is this question clear?", flagged);
        await phone.TextAsync("no");
        Assert.Contains("Thanks for trying it", string.Join("\n", await phone.TextAsync("4")));

        var results = await _service.ResultsAsync("draft-pilot");
        Assert.Equal(0, results.GetProperty("responses").GetInt32());
        var review = await Json.ReadAsync(await staff.GetAsync("/api/surveys/draft-pilot/review"));
        var clear = review.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "clear");
        var flag = Assert.Single(clear.GetProperty("flags").EnumerateArray());
        Assert.Equal("Jo", flag.GetProperty("member").GetString());
    }
}
