using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Results;

/// <summary>
/// A board member, signed in from the text their invitation sent, raises the privacy numbers on
/// /staff/disclosure in Welsh with the keyboard only: a lower number first (the Welsh error summary
/// takes the focus and links to the field), then a raise. axe-core and 320 px on the way.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class DisclosurePageBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly KestrelServiceFactory _service = new();
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _service.Start();
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        _context.SetDefaultTimeout(ChromiumFixture.Patience);
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        _service.Dispose();
    }

    private async Task<IPage> SignInBoardMemberAsync()
    {
        const string phone = "+447700900688";
        var staff = _service.StaffClient();
        var invited = await staff.PostAsJsonAsync("/api/board", new { name = "Sam Evans", role = "expert-by-experience", phone });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var outbox = JsonDocument.Parse(await staff.GetStringAsync("/api/outbox")).RootElement;
        var text = outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;
        var page = await _context.NewPageAsync();
        await page.GotoAsync(Link().Match(text).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign me in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Sam Evans")).ToBeVisibleAsync();
        return page;
    }

    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 40 && !await target.EvaluateAsync<bool>("e => e === document.activeElement"); i++) await page.Keyboard.PressAsync("Tab");
        Assert.True(await target.EvaluateAsync<bool>("e => e === document.activeElement"), "the keyboard never reached it");
    }

    private static async Task AccessibleAt320Async(IPage page, string what)
    {
        await ResultsPagesAccessibilityTests.AssertAccessibleAsync(page, what);
        await page.SetViewportSizeAsync(320, 640);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 320"), $"{what} scrolls sideways at 320 px");
        await page.SetViewportSizeAsync(1280, 900);
    }

    [Fact]
    public async Task BoardMember_RaisesThePrivacyNumbersInWelsh_WithTheKeyboardOnly()
    {
        var page = await SignInBoardMemberAsync();
        await page.GotoAsync("/staff/disclosure?lang=cy");
        Assert.Equal("cy", await page.GetAttributeAsync("html", "lang"));
        await AccessibleAt320Async(page, "the Welsh page");

        var group = page.GetByLabel("Y grŵp lleiaf a ddangosir");
        await TabToAsync(page, group);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("8");
        await page.Keyboard.PressAsync("Enter");

        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        Assert.Equal("Mae problem", await page.InnerTextAsync("#error-summary-title"));
        Assert.Equal("#minimumGroup", await summary.Locator("a").GetAttributeAsync("href"));
        Assert.Equal("minimumGroup-hint minimumGroup-error", await group.GetAttributeAsync("aria-describedby"));
        await AccessibleAt320Async(page, "the Welsh page with an error");

        await TabToAsync(page, group);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("15");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Mae canlyniadau cyhoeddus nawr yn defnyddio 15 a 5.");
        var now = JsonDocument.Parse(await _service.StaffClient().GetStringAsync("/api/results/disclosure")).RootElement;
        Assert.Equal(15, now.GetProperty("minimumGroup").GetInt32());
    }

    [GeneratedRegex(@"https?://[^\s]+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();
}
