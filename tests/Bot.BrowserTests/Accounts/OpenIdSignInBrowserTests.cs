using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Accounts;

/// <summary>
/// Staff sign in with their organisation's OpenID provider, in headless Chromium, against a real
/// provider (OpenIddict) on another local site: the code flow with PKCE, the provider's form post
/// back, and the session cookie. Only someone an admin already added gets in, with their own role.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class OpenIdSignInBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly KestrelServiceFactory _service = new();
    private TestOpenIdProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync();
        foreach (var (key, value) in _provider.Settings()) _service.Settings[key] = value;
        _service.Start();
        await _provider.RegisterClientAsync(_service.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _provider.DisposeAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        context.SetDefaultTimeout(ChromiumFixture.Patience);
        return await context.NewPageAsync();
    }

    private async Task AddAccountAsync(string email, string name, string role)
    {
        var created = await _service.StaffClient().PostAsJsonAsync("/api/accounts", new { email, name, role, password = "correct horse battery staple" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>From the staff sign-in page to the provider's form and back.</summary>
    private static async Task SignInAtProviderAsync(IPage page, string email, bool verified = true, string lang = "en")
    {
        await page.GotoAsync("/staff/signin" + (lang == "cy" ? "?lang=cy" : ""));
        await page.GetByRole(AriaRole.Button, new() { Name = lang == "cy" ? "Mewngofnodi gyda Test Entra" : "Sign in with Test Entra" }).ClickAsync();
        await page.GetByLabel("Work email").FillAsync(email);
        if (!verified) await page.GetByLabel("The provider has checked this address").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in at Test Entra" }).ClickAsync();
    }

    private static async Task<int> MeStatusAsync(IPage page) => (await page.Context.APIRequest.GetAsync("/api/me")).Status;

    private async Task<JsonElement> AuditAsync() => JsonDocument.Parse(await _service.StaffClient().GetStringAsync("/api/audit")).RootElement;

    private (int Accounts, int Logins) Counts()
    {
        using var scope = _service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return (db.Users.Count(), db.UserLogins.Count());
    }

    [Fact]
    public async Task KnownStaffAccount_SignsInWithTheProvider_AndLandsOnTheStaffPagesWithItsOwnRole()
    {
        await AddAccountAsync("kim.patel@council.example", "Kim Patel", "staff");
        var page = await NewPageAsync();

        await SignInAtProviderAsync(page, "Kim.Patel@council.example");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Surveys" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Signed in as Kim Patel")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "People" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToHaveCountAsync(0);
        var me = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/me")).TextAsync()).RootElement;
        Assert.Equal(["staff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "coproduction.session");
        Assert.True(cookie.HttpOnly && cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        // The second time the provider's id for the person finds the account, which was linked once.
        var again = await NewPageAsync();
        await SignInAtProviderAsync(again, "kim.patel@council.example");
        await Assertions.Expect(again.GetByText("Signed in as Kim Patel")).ToBeVisibleAsync();

        var signIns = (await AuditAsync()).EnumerateArray().Where(e => e.GetProperty("action").GetString() == "signed-in" && e.GetProperty("actor").GetString() == "Kim Patel")
            .Select(e => e.GetProperty("detail").GetString()).ToList();
        Assert.Equal(["with Test Entra", "with Test Entra (linked to this account the first time)"], signIns);
        Assert.Equal(1, Counts().Logins);
    }

    [Fact]
    public async Task UnknownEmail_IsRefusedInPlainWords_AndNothingIsCreated()
    {
        var before = Counts();
        var page = await NewPageAsync();

        var finish = await page.RunAndWaitForResponseAsync(
            () => SignInAtProviderAsync(page, "stranger@council.example"), r => r.Url.Contains("handler=Finish", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(403, finish.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "We could not sign you in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("There is no CoProduction account for stranger@council.example. Ask an admin to add you")).ToBeVisibleAsync();
        Assert.Equal(401, await MeStatusAsync(page));
        Assert.Equal(before, Counts());
        var refused = (await AuditAsync()).EnumerateArray().First();
        Assert.Equal("sign-in-refused", refused.GetProperty("action").GetString());
        Assert.Equal("with Test Entra: no account has that email address", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnverifiedEmail_DoesNotFindTheAccount_AndIsRefusedInWelsh()
    {
        await AddAccountAsync("rhian@council.example", "Rhian Evans", "viewer");
        var page = await NewPageAsync();

        await SignInAtProviderAsync(page, "rhian@council.example", verified: false, lang: "cy");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Doedd dim modd eich mewngofnodi" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Nid yw Test Entra wedi gwirio eich cyfeiriad e-bost")).ToBeVisibleAsync();
        Assert.Equal("cy", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(401, await MeStatusAsync(page));
        Assert.Equal(0, Counts().Logins);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("code")]
    public async Task TamperedCallback_GetsAPlain400_AndNoSession(string field)
    {
        await AddAccountAsync("sam.jones@council.example", "Sam Jones", "admin");
        var page = await NewPageAsync();
        await page.RouteAsync("**/signin-oidc", async route =>
        {
            var form = System.Web.HttpUtility.ParseQueryString(route.Request.PostData ?? "");
            form[field] = form[field] + "x";
            await route.ContinueAsync(new RouteContinueOptions { PostData = System.Text.Encoding.UTF8.GetBytes(form.ToString()!) });
        });

        var callback = await page.RunAndWaitForResponseAsync(
            () => SignInAtProviderAsync(page, "sam.jones@council.example"), r => r.Url.EndsWith("/signin-oidc", StringComparison.Ordinal));

        Assert.Equal(400, callback.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The sign-in did not finish" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "coproduction.session");
        Assert.Equal(401, await MeStatusAsync(page));
        Assert.Equal(0, Counts().Logins);
    }

    [Fact]
    public async Task ReplayedCallback_GetsAPlain400_AndNoSession()
    {
        await AddAccountAsync("alex.khan@council.example", "Alex Khan", "staff");
        var page = await NewPageAsync();
        string? answer = null;
        await page.RouteAsync("**/signin-oidc", async route =>
        {
            answer = route.Request.PostData;
            await route.ContinueAsync();
        });
        await SignInAtProviderAsync(page, "alex.khan@council.example");
        await Assertions.Expect(page.GetByText("Signed in as Alex Khan")).ToBeVisibleAsync();
        Assert.NotNull(answer);

        // The provider's answer sent again, from another browser and from the same one.
        var other = await NewPageAsync();
        foreach (var browser in new[] { other, page })
        {
            var replay = await browser.Context.APIRequest.PostAsync("/signin-oidc", new()
            {
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = answer, MaxRedirects = 0,
            });
            Assert.Equal(400, replay.Status);
            Assert.Contains("The sign-in did not finish", await replay.TextAsync());
        }
        Assert.DoesNotContain(await other.Context.CookiesAsync(), c => c.Name == "coproduction.session");
        Assert.Equal(401, await MeStatusAsync(other));
    }
}
