using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.Accounts;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>
/// Signing in with an OpenID provider, at the HTTP level: off unless configured, wrong settings
/// stop the start by name, and a provider that is down or an answer that does not check out gives
/// a plain page, never a 500 or a session. The whole flow runs in Chromium (Bot.BrowserTests).
/// The tests against a provider that is down share one such service (class fixture): each uses a browser of its own
/// and changes nothing the others read.
/// </summary>
public sealed partial class OpenIdSignInTests(OpenIdSignInTests.DownProviderService down) : IClassFixture<OpenIdSignInTests.DownProviderService>
{
    /// <summary>One service whose OpenID provider is down.</summary>
    public sealed class DownProviderService : IDisposable
    {
        public DownProviderService()
        {
            foreach (var (key, value) in DownProvider) Service.Settings[key] = value;
        }

        public ServiceFactory Service { get; } = new();

        public void Dispose() => Service.Dispose();
    }

    /// <summary>Nothing listens on the discard port: the provider is "down".</summary>
    private static readonly Dictionary<string, string?> DownProvider = new()
    {
        ["Authentication:OpenIdConnect:Authority"] = "http://127.0.0.1:9/",
        ["Authentication:OpenIdConnect:ClientId"] = "coproduction",
        ["Authentication:OpenIdConnect:DisplayName"] = "Microsoft Entra",
        ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
    };

    public static TheoryData<string?, string?, string?, bool, bool, string?> SettingsCases() => new()
    {
        { "https://login.microsoftonline.com/3f1c9a7e-0000-4000-8000-000000000001/v2.0", "app-id", "Microsoft Entra", true, true, null },
        { null, "app-id", "Microsoft Entra", true, true, "Authority must be the provider's address" },
        { "not a web address", "app-id", "Microsoft Entra", true, true, "Authority must be the provider's address" },
        { "http://login.example/", "app-id", "Microsoft Entra", true, true, "Authority must start with https://" },
        { "http://localhost:5001/", "app-id", "Local provider", true, false, null },
        { "https://login.microsoftonline.com/common/v2.0", "app-id", "Microsoft Entra", false, true, "RequireVerifiedEmail=false needs a single-tenant Authority" },
        { "https://login.microsoftonline.com/3f1c9a7e-0000-4000-8000-000000000001/v2.0", "app-id", "Microsoft Entra", false, true, null },
        { "https://login.microsoftonline.com/3f1c9a7e-0000-4000-8000-000000000001/v2.0", " ", "Microsoft Entra", true, true, "ClientId is needed" },
        { "https://login.microsoftonline.com/3f1c9a7e-0000-4000-8000-000000000001/v2.0", "app-id", null, true, true, "DisplayName is needed" },
    };

    [Theory]
    [MemberData(nameof(SettingsCases))]
    public void Settings_NameTheSettingThatIsWrong(string? authority, string? clientId, string? displayName, bool requireVerified, bool requireHttps, string? problem)
    {
        var settings = new OpenIdSignInOptions
        {
            Authority = authority, ClientId = clientId, DisplayName = displayName, RequireVerifiedEmail = requireVerified, RequireHttpsMetadata = requireHttps,
        };

        var problems = settings.Problems().ToList();

        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith("Authentication:OpenIdConnect:", StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Service_DoesNotStart_WithHalfTheSettings_AndSaysWhichAreMissing()
    {
        using var service = new ServiceFactory();
        service.Settings["Authentication:OpenIdConnect:Authority"] = "https://login.microsoftonline.com/3f1c9a7e-0000-4000-8000-000000000001/v2.0";

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        var message = error.ToString();
        Assert.Contains("Authentication:OpenIdConnect:ClientId is needed", message);
        Assert.Contains("Authentication:OpenIdConnect:DisplayName is needed", message);
    }

    [Fact]
    public async Task Off_WhenNotConfigured_NoButtonAndItsPagesAreNotFound()
    {
        using var service = new ServiceFactory();
        var browser = SignIns.Browser(service);

        Assert.DoesNotContain("/signin/oidc", await browser.GetStringAsync("/staff/signin"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/signin/oidc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "x" }))).StatusCode);
    }

    [Fact]
    public async Task ProviderDown_TheButtonGivesAPlainPage_NotA500()
    {
        var browser = SignIns.Browser(down.Service);
        Assert.Contains("Sign in with Microsoft Entra", await browser.GetStringAsync("/staff/signin"));
        Assert.Contains("Mewngofnodi gyda Microsoft Entra", await browser.GetStringAsync("/staff/signin?lang=cy"));

        var pressed = await StaffBrowser.PostFormAsync(browser, "/staff/signin", new Dictionary<string, string> { ["returnUrl"] = "/staff" }, postTo: "/signin/oidc?lang=en");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pressed.StatusCode);
        var page = await pressed.Content.ReadAsStringAsync();
        Assert.Contains("We could not reach Microsoft Entra", page);
        Assert.Contains("sign in with your email address and password", page);
        Assert.Null(pressed.Headers.Location);
    }

    [Theory]
    [InlineData("POST", "state=CfDJ8junk&code=abc&iss=http%3A%2F%2F127.0.0.1%3A9%2F")]
    [InlineData("POST", "error=access_denied&state=junk")]
    [InlineData("GET", "")]
    [InlineData("GET", "code=abc")]
    public async Task CallbackThatDoesNotCheckOut_GetsAPlain400_AndNoSession(string method, string answer)
    {
        var browser = SignIns.Browser(down.Service);

        var response = method == "GET"
            ? await browser.GetAsync("/signin-oidc?" + answer)
            : await browser.PostAsync("/signin-oidc", new StringContent(answer, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The sign-in did not finish", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AccountServices.CookieName, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Finish_WithoutAnAnswerFromTheProvider_IsA400_AndSignsNobodyIn()
    {
        var browser = SignIns.Browser(down.Service);

        var response = await browser.GetAsync("/signin/oidc?handler=Finish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The sign-in did not finish", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_BegunOnOneNode_FinishesOnAnother_WithTheKeysInTheSharedStore()
    {
        await using var provider = await TestOpenIdProvider.StartAsync();
        using var nodeA = new ServiceFactory();
        foreach (var (key, value) in provider.Settings()) nodeA.Settings[key] = value;
        using var nodeB = new ServiceFactory();
        foreach (var (key, value) in nodeA.Settings) nodeB.Settings[key] = value;
        nodeB.Settings["ConnectionStrings:Store"] = $"Data Source={Path.Combine(nodeA.DataDirectory, "store.db")}";
        var cookies = new CookieContainer();
        var a = nodeA.CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        var b = nodeB.CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        await provider.RegisterClientAsync(new Uri("https://localhost/"));
        var made = await nodeA.StaffClient().PostAsJsonAsync("/api/accounts", new { email = "lee@council.example", name = "Lee Brown", role = "staff", password = SignIns.Password });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);

        var pressed = await StaffBrowser.PostFormAsync(a, "/staff/signin", new Dictionary<string, string> { ["returnUrl"] = "/staff" }, postTo: "/signin/oidc");
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        using var atProvider = new HttpClient();
        var authorize = pressed.Headers.Location!;
        var form = HiddenFields(await atProvider.GetStringAsync(authorize));
        form["provider_email"] = "lee@council.example";
        form["provider_verified"] = "on";
        var answer = HiddenFields(await (await atProvider.PostAsync(authorize, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());
        var callback = await b.PostAsync("/signin-oidc", new FormUrlEncodedContent(answer));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var finished = await b.GetAsync(callback.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Contains("You are signed in.", await finished.Content.ReadAsStringAsync());
        var me = await Json.ReadAsync(await a.GetAsync("/api/me"));
        Assert.Equal("Lee Brown", me.GetProperty("name").GetString());
        Assert.Equal("staff", me.GetProperty("roles")[0].GetString());
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
