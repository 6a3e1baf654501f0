using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Accounts;

/// <summary>
/// Passkeys in headless Chromium with a virtual authenticator (Chrome DevTools' WebAuthn domain):
/// a person adds one after signing in another way, signs out, signs in with it; once removed it
/// no longer signs anyone in. The pages are opened on http://localhost because a passkey belongs
/// to a domain name, never to an IP address.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class PasskeyBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly KestrelServiceFactory _service = new();
    private string _origin = "";

    public Task InitializeAsync()
    {
        var address = _service.Start();
        _origin = $"http://localhost:{address.Port}";
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh browser profile with one platform authenticator that answers at once, as a phone's fingerprint would.</summary>
    private async Task<IPage> NewPageWithAuthenticatorAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _origin });
        context.SetDefaultTimeout(ChromiumFixture.Patience);
        var page = await context.NewPageAsync();
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        return page;
    }

    private static async Task AddPasskeyAsync(IPage page, string path, string name, string button, string added)
    {
        await page.GotoAsync(path);
        await page.Locator("#passkey-name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(added);
        await Assertions.Expect(page.GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArrivedAtAsync("/staff/signin");
        Assert.Equal(401, (await page.Context.APIRequest.GetAsync("/api/me")).Status);
    }

    [Fact]
    public async Task Staff_AddPasskeyAfterPassword_SignInWithIt_AndARemovedPasskeyNoLongerWorks()
    {
        var email = $"staff-{Guid.NewGuid():N}@example.org";
        var created = await _service.StaffClient().PostAsJsonAsync("/api/accounts", new { email, name = "Alex Staff", role = "staff", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var page = await NewPageWithAuthenticatorAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync("/staff");

        await AddPasskeyAsync(page, "/staff/passkeys", "Work laptop", "Add a passkey on this device", "Your passkey was added");
        await SignOutAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Alex Staff")).ToBeVisibleAsync();
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/api/me")).Status);

        await page.GotoAsync("/staff/passkeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove: Work laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The passkey was removed");
        await Assertions.Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();
        await SignOutAsync(page);

        // The authenticator still holds the key; the service no longer knows it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("That passkey did not work")).ToBeVisibleAsync();
        Assert.Equal(401, (await page.Context.APIRequest.GetAsync("/api/me")).Status);
    }

    [Fact]
    public async Task BoardMember_AddsPasskeyInWelshAfterTheTextedLink_ThenSignsInWithItFromTheBoardSignInPage()
    {
        var phone = "+447700900631";
        var staff = _service.StaffClient();
        var invited = await staff.PostAsJsonAsync("/api/board", new { name = "Sam Jones", role = "expert-by-experience", phone });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var outbox = JsonDocument.Parse(await staff.GetStringAsync("/api/outbox")).RootElement;
        var text = outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;
        var link = _origin + Link().Match(text).Value;

        var page = await NewPageWithAuthenticatorAsync();
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign me in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Sam Jones")).ToBeVisibleAsync();

        await AddPasskeyAsync(page, "/staff/passkeys?lang=cy", "Fy ffôn", "Ychwanegu allwedd mynediad ar y ddyfais hon", "Mae eich allwedd mynediad wedi'i hychwanegu");
        await SignOutAsync(page);

        await page.GotoAsync("/signin/text?lang=cy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Defnyddio allwedd mynediad" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Sam Jones")).ToBeVisibleAsync();
        var me = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/me")).TextAsync()).RootElement;
        Assert.Equal("expert-by-experience", me.GetProperty("member").GetProperty("role").GetString());
    }

    [GeneratedRegex(@"/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();
}
