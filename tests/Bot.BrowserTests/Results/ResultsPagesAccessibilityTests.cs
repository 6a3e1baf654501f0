using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Results;

/// <summary>
/// axe-core in headless Chromium on every results page, with real figures on them (the demo
/// survey, 12 people in a released round): no serious or critical violation.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ResultsPagesAccessibilityTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly KestrelServiceFactory _service = new();
    private IBrowserContext _context = null!;
    private Guid _round;

    public async Task InitializeAsync()
    {
        _service.Start();
        _round = await ResultsSeed.AddRoundAsync(_service.Services, "checkin");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 7, "happy=4 safe=yes matters=friends", surveyId: "checkin");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 3, "happy=5 safe=yes matters=work", surveyId: "checkin");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 2, "happy=2 safe=? matters=home", surveyId: "checkin");
        var staff = _service.StaffClient();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/surveys/checkin/releases", new { round = _round })).StatusCode);
        await staff.PostAsJsonAsync("/api/surveys/checkin/actions", new { question = "happy", text = "More visits in the evening.", status = "planned" });
        await staff.PostAsJsonAsync("/api/surveys/checkin/actions", new { text = "A new minibus.", status = "not-possible", why = "There is no money for it this year." });
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        _context.SetDefaultTimeout(ChromiumFixture.Patience);
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        _service.Dispose();
    }

    [Theory]
    [InlineData("/results/checkin")]
    [InlineData("/results/checkin?lang=cy")]
    [InlineData("/results/nope")]
    public async Task PublicResultsPage_HasNoSeriousOrCriticalViolations(string path)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(path);

        await AssertAccessibleAsync(page, path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?by=channel")]
    [InlineData("?by=language")]
    [InlineData("?by=group")]
    [InlineData("?round={round}")]
    public async Task StaffResultsPage_HasNoSeriousOrCriticalViolations(string query)
    {
        var page = await _context.NewPageAsync();
        await SignInAsStaffAsync(_service, page);

        var path = "/staff/results/checkin" + query.Replace("{round}", _round.ToString());
        await page.GotoAsync(path);
        Assert.Contains("Results: ", await page.InnerTextAsync("h1"));

        await AssertAccessibleAsync(page, path);
    }

    [Fact]
    public async Task PublicResultsPage_ShowsItsFigures_InTheBrowser()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/results/checkin");

        Assert.Contains("7 out of 12 people", await page.InnerTextAsync("main"));
    }

    /// <summary>As staff really do: an account made through the API with the staff key, then email and password on the sign-in page.</summary>
    internal static async Task SignInAsStaffAsync(KestrelServiceFactory service, IPage page)
    {
        var email = $"staff-{Guid.NewGuid():N}@example.org";
        var created = await service.StaffClient().PostAsJsonAsync("/api/accounts", new { email, name = "Alex Staff", role = "staff", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("/staff");
    }

    internal static async Task AssertAccessibleAsync(IPage page, string path)
    {
        var results = await page.RunAxe();
        // axe really looked: a page it could not read would have no passes either.
        Assert.NotEmpty(results.Passes);
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{path}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
