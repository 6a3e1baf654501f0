using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Results;

/// <summary>
/// axe-core in headless Chromium on the free-text pages (written answers, themes, quotes, and the
/// results pages with themes and an approved quote), with an error on show too; and each staff
/// page read at 320 px without sideways scrolling.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class FreeTextPagesAccessibilityTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly KestrelServiceFactory _service = new();
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _service.Start();
        var round = await ResultsSeed.AddRoundAsync(_service.Services, "checkin");
        await ResultsSeed.AddPeopleAsync(_service.Services, round, 8, "happy=4 change=text:More_trips_to_the_seaside,_and_a_longer_answer_that_wraps_on_a_small_screen", surveyId: "checkin");
        await ResultsSeed.AddPeopleAsync(_service.Services, round, 4, "happy=5 change=text:Ring_Sarah_on_07700_900123_about_the_bus", surveyId: "checkin");
        var staff = _service.StaffClient();
        var theme = (await ReadAsync(await staff.PostAsJsonAsync("/api/surveys/checkin/themes", new { name = "Trips out" }))).GetProperty("id").GetInt64();
        await staff.PostAsJsonAsync("/api/surveys/checkin/themes", new { name = "Transport" });
        var answers = (await ReadAsync(await staff.GetAsync("/api/surveys/checkin/answers?question=change"))).GetProperty("answers").EnumerateArray()
            .Select(a => (Id: a.GetProperty("id").GetInt64(), Text: a.GetProperty("text").GetString()!)).ToList();
        foreach (var a in answers.Where(a => a.Text.StartsWith("More trips")))
        {
            await staff.PostAsJsonAsync($"/api/surveys/checkin/answers/{a.Id}/themes", new { themes = new[] { theme } });
        }
        var clean = (await ReadAsync(await staff.PostAsJsonAsync("/api/surveys/checkin/quotes", new { answer = answers.First(a => a.Text.StartsWith("More trips")).Id }))).GetProperty("id").GetGuid();
        await staff.PostAsJsonAsync("/api/surveys/checkin/quotes", new { answer = answers.First(a => a.Text.StartsWith("Ring")).Id });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/surveys/checkin/quotes/{clean}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/surveys/checkin/releases", new { round })).StatusCode);
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        _context.SetDefaultTimeout(ChromiumFixture.Patience);
    }

    private static async Task<System.Text.Json.JsonElement> ReadAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        _service.Dispose();
    }

    [Theory]
    [InlineData("/staff/results/checkin/answers")]
    [InlineData("/staff/results/checkin/themes")]
    [InlineData("/staff/results/checkin/quotes")]
    [InlineData("/staff/results/checkin")]
    public async Task StaffFreeTextPages_HaveNoSeriousOrCriticalViolations_AndFit320Pixels(string path)
    {
        var page = await _context.NewPageAsync();
        await ResultsPagesAccessibilityTests.SignInAsStaffAsync(_service, page);
        await page.GotoAsync(path);

        await ResultsPagesAccessibilityTests.AssertAccessibleAsync(page, path);
        await page.SetViewportSizeAsync(320, 640);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 320"), $"{path} scrolls sideways at 320 px");
    }

    [Fact]
    public async Task ThemesPage_WithAnError_HasNoSeriousOrCriticalViolations_AndTheSummaryLinksToTheField()
    {
        var page = await _context.NewPageAsync();
        await ResultsPagesAccessibilityTests.SignInAsStaffAsync(_service, page);
        await page.GotoAsync("/staff/results/checkin/themes");
        await page.GetByLabel("Name of a new theme").FillAsync("<b>no</b>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add theme" }).ClickAsync();

        Assert.Contains("There is a problem", await page.InnerTextAsync(".error-summary"));
        var target = await page.GetAttributeAsync(".error-summary a", "href");
        Assert.Equal("#name", target);
        Assert.Equal("name-hint name-error", await page.GetAttributeAsync("#name", "aria-describedby"));
        await ResultsPagesAccessibilityTests.AssertAccessibleAsync(page, "themes page with an error");
    }

    [Theory]
    [InlineData("/results/checkin", "In people's own words")]
    [InlineData("/results/checkin?lang=cy", "Yng ngeiriau pobl eu hunain")]
    public async Task PublicPage_WithThemesAndAQuote_HasNoSeriousOrCriticalViolations(string path, string heading)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(path);

        var text = await page.InnerTextAsync("main");
        Assert.Contains(heading, text);
        Assert.Contains("More trips to the seaside", text);
        Assert.DoesNotContain("07700", text);
        Assert.DoesNotContain("Sarah", text);
        await ResultsPagesAccessibilityTests.AssertAccessibleAsync(page, path);
    }
}
