using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Store.FreeText;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>The written-answers, themes and quotes pages as staff, the board and a viewer use them: plain forms, errors in a summary, every view audited.</summary>
public sealed class FreeTextPagesTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();

    public async Task InitializeAsync()
    {
        var round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, round, 3, "happy=4 change=text:The_minibus_is_always_late");
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

    [Fact]
    public async Task AnswersPage_ShowsTheAnswers_ToABoardMember_AndRecordsEachView()
    {
        var board = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");

        var first = await board.Client.GetStringAsync("/staff/results/pulse/answers");
        await board.Client.GetStringAsync("/staff/results/pulse/answers?question=change");

        Assert.Contains("The minibus is always late", first);
        Assert.Equal(2, await Db(db => db.AuditEvents.CountAsync(e => e.Action == FreeTextAnswers.AuditAction && e.Actor == "Sam")));
    }

    [Fact]
    public async Task FreeTextPages_AreClosedToAViewer_AndQuotesToTheBoard()
    {
        var viewer = await SignIns.StaffAsync(_service, "viewer");
        var board = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");

        foreach (var path in new[] { "/staff/results/pulse/answers", "/staff/results/pulse/themes", "/staff/results/pulse/quotes" })
        {
            var response = await viewer.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/staff/denied", response.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await board.Client.GetAsync("/staff/results/pulse/quotes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await board.Client.GetAsync("/staff/results/pulse/themes")).StatusCode);
        Assert.Equal(0, await Db(db => db.AuditEvents.CountAsync(e => e.Action == FreeTextAnswers.AuditAction)));
    }

    [Fact]
    public async Task ThemesPage_ShowsAnErrorSummary_ForABlankName_AndAddsAGoodOne()
    {
        var staff = await SignIns.StaffAsync(_service);

        var blank = await StaffBrowser.PostFormAsync(staff.Client, "/staff/results/pulse/themes", new() { ["name"] = " " }, "/staff/results/pulse/themes?handler=Add");
        var good = await StaffBrowser.PostFormAsync(staff.Client, "/staff/results/pulse/themes", new() { ["name"] = "Transport" }, "/staff/results/pulse/themes?handler=Add");

        var html = await blank.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("href=\"#name\"", html);
        Assert.Contains("id=\"name-error\"", html);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(["Transport"], await Db(db => db.Set<Theme>().Select(t => t.Name).ToListAsync()));
    }

    [Fact]
    public async Task AnswersPage_TagsAnAnswer_WithTheTickedTheme()
    {
        var staff = await SignIns.StaffAsync(_service);
        var theme = (await Json.ReadAsync(await _service.StaffClient().PostAsJsonAsync("/api/surveys/pulse/themes", new { name = "Transport" }))).GetProperty("id").GetInt64();
        var answer = await Db(db => db.Answers.Where(a => a.QuestionId == "change").Select(a => a.Id).FirstAsync());

        var response = await StaffBrowser.PostFormAsync(staff.Client, "/staff/results/pulse/answers",
            new() { ["answerId"] = answer.ToString(), ["themeIds"] = theme.ToString() }, "/staff/results/pulse/answers?handler=Tag&question=change");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"#answer-{answer}", response.Headers.Location!.ToString());
        Assert.Equal(1, await Db(db => db.Set<AnswerTag>().CountAsync(t => t.AnswerId == answer && t.ThemeId == theme)));
        var results = await staff.Client.GetStringAsync("/staff/results/pulse");
        Assert.Contains("Transport: 1 out of 3 people", results);
    }

    [Fact]
    public async Task QuotesPage_RefusesAFlaggedQuoteWithoutAReason_InTheErrorSummary()
    {
        await ResultsSeed.AddPeopleAsync(_service.Services, await ResultsSeed.AddRoundAsync(_service.Services), 1, "change=text:Ask_for_Bethan");
        var staff = await SignIns.StaffAsync(_service);
        var answer = await Db(db => db.Answers.Where(a => a.Value == "Ask for Bethan").Select(a => a.Id).FirstAsync());
        var quote = (await Json.ReadAsync(await _service.StaffClient().PostAsJsonAsync("/api/surveys/pulse/quotes", new { answer }))).GetProperty("id").GetGuid();

        var response = await StaffBrowser.PostFormAsync(staff.Client, "/staff/results/pulse/quotes", new() { ["reason"] = "" }, $"/staff/results/pulse/quotes?handler=Approve&quoteId={quote}");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains($"href=\"#reason-{quote:N}\"", html);
        Assert.Equal(QuoteStatus.Proposed, await Db(db => db.Set<Quote>().Select(q => q.Status).FirstAsync()));
    }
}
