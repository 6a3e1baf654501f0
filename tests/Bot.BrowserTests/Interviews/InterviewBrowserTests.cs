using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Interviews;

/// <summary>
/// A peer researcher, signed in from the text their invitation sent, interviews someone due a
/// check-in in headless Chromium using the keyboard only: every question read from the page,
/// every answer typed or pressed, checked by axe-core and at 320 px along the way.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class InterviewBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly KestrelServiceFactory _service = new();

    public async Task InitializeAsync()
    {
        _service.Start();
        var csv = "name,phone,channel,next_checkin\nBethan Morgan,+447400100277,sms,2026-01-05\n";
        var imported = await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IPage> SignInPeerResearcherAsync()
    {
        var staff = _service.StaffClient();
        const string phone = "+447700900677";
        var invited = await staff.PostAsJsonAsync("/api/board", new { name = "Pat Peer", role = "peer-researcher", phone });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var outbox = JsonDocument.Parse(await staff.GetStringAsync("/api/outbox")).RootElement;
        var text = outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;

        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        context.SetDefaultTimeout(ChromiumFixture.Patience);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Link().Match(text).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign me in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Pat Peer")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Tabs until <paramref name="target"/> has the focus, as a keyboard user would, then presses a key.</summary>
    private static async Task TabToAndPressAsync(IPage page, ILocator target, string key)
    {
        for (var i = 0; i < 40 && !await target.EvaluateAsync<bool>("e => e === document.activeElement"); i++) await page.Keyboard.PressAsync("Tab");
        Assert.True(await target.EvaluateAsync<bool>("e => e === document.activeElement"), "the keyboard never reached it");
        await page.Keyboard.PressAsync(key);
    }

    private static async Task<List<string>> CheckAsync(IPage page, string what)
    {
        await page.SetViewportSizeAsync(1280, 900);
        var results = await page.RunAxe();
        var problems = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{what}: {v.Id}: {v.Help}").ToList();
        await page.SetViewportSizeAsync(320, 640);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0) problems.Add($"{what}: {overflow} px too wide at 320 px");
        await page.SetViewportSizeAsync(1280, 900);
        return problems;
    }

    [Fact]
    public async Task PeerResearcher_InterviewsSomeoneDue_WithTheKeyboardOnly()
    {
        var page = await SignInPeerResearcherAsync();
        var problems = new List<string>();

        await page.GotoAsync("/staff/interviews");
        problems.AddRange(await CheckAsync(page, "interviews"));
        await TabToAndPressAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Interview Bethan Morgan" }), "Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interview with Bethan Morgan" })).ToBeVisibleAsync();
        problems.AddRange(await CheckAsync(page, "start"));
        await TabToAndPressAsync(page, page.GetByLabel("They agree to the interview"), "Space");
        await TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Start the interview" }), "Enter");

        await Assertions.Expect(page.Locator("#said")).ToContainTextAsync("How happy are you with the support you get?");
        problems.AddRange(await CheckAsync(page, "first question"));
        await TabToAndPressAsync(page, page.Locator(".interview-choice[value=\"4\"]"), "Enter");

        await Assertions.Expect(page.Locator("#said")).ToContainTextAsync("Do you feel safe where you live?");
        // The answer box has the focus when a question appears: type and press Enter.
        await page.Keyboard.TypeAsync("no");
        await page.Keyboard.PressAsync("Enter");

        // Skip logic: "no" brings the follow-up question about feeling safer.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skip" })).ToBeVisibleAsync();
        problems.AddRange(await CheckAsync(page, "optional question"));
        await TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Skip" }), "Enter");

        await Assertions.Expect(page.Locator("#said")).ToContainTextAsync("What matters most");
        await TabToAndPressAsync(page, page.Locator(".interview-choice").First, "Enter");
        await Assertions.Expect(page.Locator("#said")).ToContainTextAsync("How many");
        await page.Keyboard.TypeAsync("sixty one");
        await page.Keyboard.PressAsync("Enter");
        // Out of range: asked again with a plain hint, as by text.
        await Assertions.Expect(page.Locator("#said")).ToContainTextAsync("a number from 0 to 60");
        await page.Keyboard.TypeAsync("6");
        await page.Keyboard.PressAsync("Enter");
        await TabToAndPressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Skip" }), "Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skip" })).ToBeVisibleAsync();
        await page.Keyboard.TypeAsync("More walks in the park");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#interview-finished")).ToContainTextAsync("The interview is finished");
        problems.AddRange(await CheckAsync(page, "finished"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var csv = await _service.StaffClient().GetStringAsync("/api/surveys/checkin/export?format=csv");
        Assert.Matches(",interview,.*,peer-researcher,in-person,person,yes,4,no,skipped,", csv);
    }

    [GeneratedRegex(@"https?://[^\s]+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();
}
