using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Accounts;

/// <summary>
/// A board member without email signs in from the text they were sent, in headless Chromium:
/// opening the link (as a link preview would) signs nobody in; pressing "Sign me in" does, once.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class TextSignInBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly KestrelServiceFactory _service = new();

    public Task InitializeAsync()
    {
        _service.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        context.SetDefaultTimeout(ChromiumFixture.Patience);
        return await context.NewPageAsync();
    }

    private async Task<string> InviteAsync(string phone)
    {
        var staff = _service.StaffClient();
        var invited = await staff.PostAsJsonAsync("/api/board", new { name = "Sam Jones", role = "expert-by-experience", phone });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var outbox = JsonDocument.Parse(await staff.GetStringAsync("/api/outbox")).RootElement;
        var text = outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;
        return Link().Match(text).Value;
    }

    private static async Task<int> MeStatusAsync(IPage page) => (await page.Context.APIRequest.GetAsync("/api/me")).Status;

    [Fact]
    public async Task TextedLink_OpeningAloneSignsNobodyIn_PressingSignMeInDoes_AndOnlyOnce()
    {
        var link = await InviteAsync("+447700900611");
        Assert.StartsWith(_service.BaseAddress.ToString().TrimEnd('/'), link);

        var page = await NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign me in" })).ToBeVisibleAsync();
        Assert.Equal(401, await MeStatusAsync(page));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "coproduction.session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign me in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Surveys" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Signed in as Sam Jones")).ToBeVisibleAsync();
        Assert.Equal(200, await MeStatusAsync(page));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "coproduction.session");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        var other = await NewPageAsync();
        await other.GotoAsync(link);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign me in" }).ClickAsync();
        await Assertions.Expect(other.GetByText("This link has been used already")).ToBeVisibleAsync();
        Assert.Equal(401, await MeStatusAsync(other));
    }

    [Fact]
    public async Task Code_FromTheText_SignsInInWelsh()
    {
        var phone = "+447700900612";
        await InviteAsync(phone);
        var staff = _service.StaffClient();
        var page = await NewPageAsync();

        await page.GotoAsync("/signin/text?lang=cy");
        await page.GetByLabel("Rhif eich ffôn symudol").FillAsync("07700 900612");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anfon neges destun ataf" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Teipiwch y cod o'ch neges" })).ToBeVisibleAsync();
        var outbox = JsonDocument.Parse(await staff.GetStringAsync("/api/outbox")).RootElement;
        var code = Code().Match(outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!).Groups[1].Value;
        await page.GetByLabel("Y cod 6 digid").FillAsync($"{code[..3]} {code[3..]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mewngofnodi" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Signed in as Sam Jones")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();

    [GeneratedRegex(@"code (\d{6})")]
    private static partial Regex Code();
}
