using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Store.FreeText;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// Written answers, themes, tags and quotes through the API, with keys of each role: staff and the
/// board read and tag, a viewer reads counts only, nobody without a credential reads anything;
/// every read is in the audit log; bad requests get a plain 4xx and change nothing.
/// </summary>
public sealed class FreeTextApiTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private HttpClient _staff = null!;
    private HttpClient _viewer = null!;
    private HttpClient _anonymous = null!;
    private long _answer;

    public async Task InitializeAsync()
    {
        var round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, round, 2, "happy=4 change=text:The_minibus_is_always_late");
        await ResultsSeed.AddPeopleAsync(_service.Services, round, 1, "happy=4 change=text:Ring_Sarah_on_07700_900123");
        _staff = _service.StaffClient();
        _viewer = await KeyAsync("viewer");
        _anonymous = _service.CreateClient();
        _answer = await Db(db => db.Answers.Where(a => a.QuestionId == "change").OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private async Task<HttpClient> KeyAsync(string role)
    {
        var made = await Json.ReadAsync(await _service.StaffClient().PostAsJsonAsync("/api/keys", new { name = $"{role} script", role }));
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", made.GetProperty("key").GetString());
        return client;
    }

    private async Task<long> ThemeAsync(string name) =>
        (await Json.ReadAsync(await _staff.PostAsJsonAsync("/api/surveys/pulse/themes", new { name }))).GetProperty("id").GetInt64();

    private Task<int> CountAsync<T>() where T : class => Db(db => db.Set<T>().CountAsync());

    [Fact]
    public async Task Answers_AreReadByStaffAndBoard_NewestFirst_ButNotByAViewerOrThePublic()
    {
        var board = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");

        var byStaff = await _staff.GetAsync("/api/surveys/pulse/answers?question=change");
        var byBoard = await board.Client.GetAsync("/api/surveys/pulse/answers?question=change");

        Assert.Equal(HttpStatusCode.OK, byStaff.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byBoard.StatusCode);
        var page = await Json.ReadAsync(byStaff);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal("Ring Sarah on 07700 900123", page.GetProperty("answers")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _viewer.GetAsync("/api/surveys/pulse/answers?question=change")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync("/api/surveys/pulse/answers?question=change")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync("/api/surveys/pulse/quotes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _viewer.GetAsync("/api/surveys/pulse/quotes")).StatusCode);
    }

    [Fact]
    public async Task EveryRead_IsInTheAuditLog_WithWhoAndWhat_ButNotTheWords()
    {
        await _staff.GetAsync("/api/surveys/pulse/answers?question=change");
        await _staff.GetAsync("/api/surveys/pulse/answers?question=change&page=2");
        await _staff.GetAsync("/api/surveys/pulse/quotes");
        await _viewer.GetAsync("/api/surveys/pulse/answers?question=change");

        var audit = (await Json.ReadAsync(await _staff.GetAsync("/api/audit"))).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() is FreeTextAnswers.AuditAction or QuoteBook.AuditAction).ToList();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal("staff key", e.GetProperty("actor").GetString()));
        Assert.Contains(audit, e => e.GetProperty("detail").GetString() == "Survey pulse, question change, every round, page 2");
        Assert.All(audit, e => Assert.DoesNotContain("Sarah", e.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Tagging_IsForStaffAndBoard_NotAViewer_AndTheSameTagTwiceIsOne()
    {
        var theme = await ThemeAsync("Transport");

        var byViewer = await _viewer.PostAsJsonAsync($"/api/surveys/pulse/answers/{_answer}/themes", new { themes = new[] { theme } });
        var first = await _staff.PostAsJsonAsync($"/api/surveys/pulse/answers/{_answer}/themes", new { themes = new[] { theme } });
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _staff.PostAsJsonAsync($"/api/surveys/pulse/answers/{_answer}/themes", new { themes = new[] { theme } })));

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(again, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await CountAsync<AnswerTag>());
        var themes = await Json.ReadAsync(await _viewer.GetAsync("/api/surveys/pulse/themes"));
        Assert.Equal(1, Assert.Single(themes.EnumerateArray()).GetProperty("answers").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await _viewer.PostAsJsonAsync("/api/surveys/pulse/themes", new { name = "Food" })).StatusCode);
    }

    [Fact]
    public async Task Themes_CanBeRenamedAndRetired_ButNotGivenATakenName()
    {
        var transport = await ThemeAsync("Transport");
        await ThemeAsync("Food");

        var taken = await _staff.PutAsJsonAsync($"/api/surveys/pulse/themes/{transport}", new { name = "FOOD" });
        var renamed = await _staff.PutAsJsonAsync($"/api/surveys/pulse/themes/{transport}", new { name = "Buses" });
        var retired = await _staff.PostAsync($"/api/surveys/pulse/themes/{transport}/retire", null);

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already a theme", (await Json.ReadAsync(taken)).GetProperty("detail").GetString());
        Assert.Equal("Buses", (await Json.ReadAsync(renamed)).GetProperty("name").GetString());
        Assert.True((await Json.ReadAsync(retired)).GetProperty("retired").GetBoolean());
    }

    [Fact]
    public async Task AFlaggedQuote_IsRefusedWithA409_ThenApprovedWithAReason_ThenWithdrawn()
    {
        var sarah = await Db(db => db.Answers.Where(a => a.Value!.Contains("Sarah")).Select(a => a.Id).FirstAsync());
        var proposed = await Json.ReadAsync(await _staff.PostAsJsonAsync("/api/surveys/pulse/quotes", new { answer = sarah }));
        var id = proposed.GetProperty("id").GetGuid();
        Assert.Equal(["name", "phone"], proposed.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Ring [name] on [phone number]", proposed.GetProperty("suggestion").GetString());

        var refused = await _staff.PostAsync($"/api/surveys/pulse/quotes/{id}/approve", null);
        var edited = await _staff.PutAsJsonAsync($"/api/surveys/pulse/quotes/{id}", new { text = "Ring [name] on [phone number]" });
        var approved = await _staff.PostAsync($"/api/surveys/pulse/quotes/{id}/approve", null);
        var withdrawn = await _staff.PostAsync($"/api/surveys/pulse/quotes/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("name or phone number", (await Json.ReadAsync(refused)).GetProperty("detail").GetString());
        Assert.Empty((await Json.ReadAsync(edited)).GetProperty("flags").EnumerateArray());
        Assert.Equal("approved", (await Json.ReadAsync(approved)).GetProperty("status").GetString());
        Assert.Equal("withdrawn", (await Json.ReadAsync(withdrawn)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Quotes_AreStaffWork_NotTheBoardsOrAViewers()
    {
        var board = await KeyAsync("viewer");

        Assert.Equal(HttpStatusCode.Forbidden, (await board.PostAsJsonAsync("/api/surveys/pulse/quotes", new { answer = _answer })).StatusCode);
        Assert.Equal(0, await CountAsync<Quote>());
    }

    public static TheoryData<string, string, string?, HttpStatusCode> BadRequests => new()
    {
        { "GET", "/api/surveys/pulse/answers", null, HttpStatusCode.BadRequest },
        { "GET", "/api/surveys/pulse/answers?question=happy", null, HttpStatusCode.BadRequest },
        { "GET", "/api/surveys/pulse/answers?question=change&round=soon", null, HttpStatusCode.BadRequest },
        { "GET", "/api/surveys/pulse/answers?question=change&round=6f1c1f57-0000-4000-8000-000000000000", null, HttpStatusCode.NotFound },
        { "GET", "/api/surveys/pulse/answers?question=change&page=two", null, HttpStatusCode.BadRequest },
        { "GET", "/api/surveys/pulse/answers?question=change&page=0", null, HttpStatusCode.BadRequest },
        { "GET", "/api/surveys/nope/answers?question=change", null, HttpStatusCode.NotFound },
        { "GET", "/api/surveys/nope/themes", null, HttpStatusCode.NotFound },
        { "GET", "/api/surveys/nope/quotes", null, HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/themes", "{}", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/themes", """{ "name": "Transport" """, HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/themes", """{ "name": "<b>Transport</b>" }""", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/themes", """{ "name": 12 }""", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/nope/themes", """{ "name": "Transport" }""", HttpStatusCode.NotFound },
        { "PUT", "/api/surveys/pulse/themes/999999", """{ "name": "Buses" }""", HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/themes/999999/retire", null, HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/answers/999999/themes", """{ "themes": [1] }""", HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/answers/{answer}/themes", """{ "themes": [] }""", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/answers/{answer}/themes", """{ "themes": [999999] }""", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/answers/{answer}/themes", """{ "themes": "all" }""", HttpStatusCode.BadRequest },
        { "DELETE", "/api/surveys/pulse/answers/999999/themes/1", null, HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/quotes", "{}", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/quotes", """{ "answer": 999999 }""", HttpStatusCode.NotFound },
        { "PUT", "/api/surveys/pulse/quotes/6f1c1f57-0000-4000-8000-000000000000", """{ "text": "Hello" }""", HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/quotes/6f1c1f57-0000-4000-8000-000000000000/approve", """{ "reason": 5 }""", HttpStatusCode.BadRequest },
        { "POST", "/api/surveys/pulse/quotes/6f1c1f57-0000-4000-8000-000000000000/approve", null, HttpStatusCode.NotFound },
        { "POST", "/api/surveys/pulse/quotes/6f1c1f57-0000-4000-8000-000000000000/withdraw", null, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequests_GetAPlain4xx_AndChangeNothing(string method, string path, string? json, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{answer}", _answer.ToString()));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _staff.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await Json.ReadAsync(response)).GetProperty("detail").GetString()));
        Assert.Equal((0, 0, 0), (await CountAsync<Theme>(), await CountAsync<AnswerTag>(), await CountAsync<Quote>()));
    }
}
