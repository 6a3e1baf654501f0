using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>The results API: ?round=, "you said, we did" actions, and releasing results to the public.</summary>
public sealed class ResultsApiTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private Guid _round;

    public async Task InitializeAsync()
    {
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 3, "happy=4");
        var other = await ResultsSeed.AddRoundAsync(_service.Services);
        await ResultsSeed.AddPeopleAsync(_service.Services, other, 2, "happy=1");
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Results_CountsOneRound_WithRound()
    {
        var round = await Json.ReadAsync(await _service.StaffClient().GetAsync($"/api/surveys/pulse/results?round={_round}"));
        var all = await _service.ResultsAsync("pulse");

        Assert.Equal(3, round.GetProperty("responses").GetInt32());
        Assert.Equal(3, round.Question("happy").Count("4"));
        Assert.Equal(0, round.Question("happy").Count("1"));
        Assert.Equal(5, all.GetProperty("responses").GetInt32());
    }

    [Theory]
    [InlineData("?round=soon", HttpStatusCode.BadRequest)]
    [InlineData("?round=6f1c1f57-0000-4000-8000-000000000000", HttpStatusCode.NotFound)]
    public async Task Results_RefusesABadRound_InPlainWords(string query, HttpStatusCode expected)
    {
        var response = await _service.StaffClient().GetAsync($"/api/surveys/pulse/results{query}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("round", (await Json.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Actions_Returns201ThenTheSameId_WhenTheSameActionMovesOn()
    {
        var staff = _service.StaffClient();

        var planned = await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { question = "happy", round = _round, text = "More visits", status = "planned" });
        var done = await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { question = "happy", round = _round, text = "More visits", status = "done" });

        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal((await Json.ReadAsync(planned)).GetProperty("id").GetGuid(), (await Json.ReadAsync(done)).GetProperty("id").GetGuid());
        var list = await Json.ReadAsync(await staff.GetAsync("/api/surveys/pulse/actions"));
        var action = Assert.Single(list.EnumerateArray());
        Assert.Equal("done", action.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Actions_TakeWelshWords_AsVotesDo_AndListThem()
    {
        var staff = _service.StaffClient();

        var welsh = await staff.PostAsJsonAsync("/api/surveys/pulse/actions",
            new { text = "A swimming trip", status = "not-possible", why = "The pool closed", cy = new { text = "Taith nofio", why = "Caeodd y pwll" } });
        var english = await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { text = "More visits", status = "done" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (welsh.StatusCode, english.StatusCode));
        var list = (await Json.ReadAsync(await staff.GetAsync("/api/surveys/pulse/actions"))).EnumerateArray().ToDictionary(a => a.GetProperty("text").GetString()!);
        Assert.Equal(("Taith nofio", "Caeodd y pwll"), (list["A swimming trip"].GetProperty("cy").GetProperty("text").GetString(), list["A swimming trip"].GetProperty("cy").GetProperty("why").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, list["More visits"].GetProperty("cy").ValueKind);
    }

    [Theory]
    [InlineData("""{ "text": "More visits", "status": "done", "cy": { "text": "" } }""", "in Welsh")]
    [InlineData("""{ "text": "More visits", "status": "done", "cy": { "text": "TOO_LONG" } }""", "Keep the Welsh")]
    [InlineData("""{ "text": "More visits", "status": "done", "cy": "Mwy o ymweliadau" }""", "")]
    [InlineData("""{ "text": "More visits", "status": "done", "cy": { "text": 5 } }""", "")]
    public async Task Actions_RefuseWelshThatIsEmptyTooLongOrNotAnObject_AndStoreNothing(string json, string reason)
    {
        var staff = _service.StaffClient();

        var response = await staff.PostAsync("/api/surveys/pulse/actions",
            new StringContent(json.Replace("TOO_LONG", new string('a', 1001)), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await Json.ReadAsync(await staff.GetAsync("/api/surveys/pulse/actions"))).GetArrayLength());
    }

    [Theory]
    [InlineData("""{ "text": "More visits", "status": "maybe" }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "status": "done" }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "text": "More visits", "status": "done", "question": "nope" }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "text": "More visits", "status": "done", "round": "not-a-guid" }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "text": "More visits", """, HttpStatusCode.BadRequest)]
    [InlineData("""[1, 2]""", HttpStatusCode.BadRequest)]
    public async Task Actions_RefusesBadInput_AndStoresNothing(string json, HttpStatusCode expected)
    {
        var staff = _service.StaffClient();

        var response = await staff.PostAsync("/api/surveys/pulse/actions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(0, (await Json.ReadAsync(await staff.GetAsync("/api/surveys/pulse/actions"))).GetArrayLength());
    }

    [Fact]
    public async Task Actions_Returns404_ForNoSuchSurvey_And401_WithoutTheKey()
    {
        var body = new { text = "More visits", status = "done" };

        Assert.Equal(HttpStatusCode.NotFound, (await _service.StaffClient().PostAsJsonAsync("/api/surveys/nope/actions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _service.CreateClient().PostAsJsonAsync("/api/surveys/pulse/actions", body)).StatusCode);
    }

    [Fact]
    public async Task Releases_Returns201_ThenOkForTheSameRelease_And404ForNoSuchRound()
    {
        var staff = _service.StaffClient();

        var first = await staff.PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round });
        var second = await staff.PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round });
        var unknown = await staff.PostAsJsonAsync("/api/surveys/pulse/releases", new { round = Guid.NewGuid() });
        var broken = await staff.PostAsync("/api/surveys/pulse/releases", new StringContent("{ round", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _service.CreateClient().PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round })).StatusCode);
    }

    [Fact]
    public async Task Releases_Returns409InPlainWords_WhenEveryAnswerLessTheRoundsPageWouldTellWhatAFewPeopleSaid()
    {
        var staff = _service.StaffClient();
        // A round of twelve released; every answer adds the three people of the other round and the seeded three.
        var big = await ResultsSeed.AddRoundAsync(_service.Services);
        await ResultsSeed.AddPeopleAsync(_service.Services, big, 12, "happy=4");
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/surveys/pulse/releases", new { round = big })).StatusCode);

        var everyAnswer = await staff.PostAsync("/api/surveys/pulse/releases", null);

        Assert.Equal(HttpStatusCode.Conflict, everyAnswer.StatusCode);
        Assert.Contains("work out what a few people said", (await Json.ReadAsync(everyAnswer)).GetProperty("detail").GetString());
    }
}
