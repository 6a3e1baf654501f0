using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Pages;

/// <summary>
/// Every page of the app, public and signed in as an admin, in headless Chromium: axe-core finds
/// no serious or critical violation, and at 320 px wide nothing scrolls sideways. The list of
/// pages is checked against the app's own Razor page routes, so a new page that is not visited
/// here fails the test by name. One service for the class (<see cref="Site"/>).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class EveryPageTests(ChromiumFixture chromium, EveryPageTests.Site site) : IClassFixture<EveryPageTests.Site>
{
    private const string Password = "correct horse battery staple";
    private readonly KestrelServiceFactory _service = site.Service;

    /// <summary>Each page route (as the app declares it, lower case) and the address that shows it; "admin" pages are opened signed in.</summary>
    private static readonly Dictionary<string, (string Path, bool SignedIn)> Visits = new()
    {
        ["chat"] = ("/chat", false),
        ["results/{surveyid}"] = ("/results/checkin", false),
        ["signin/text"] = ("/signin/text", false),
        ["signin/code"] = ("/signin/code", false),
        ["signin/link"] = ("/signin/link?token=not-a-real-token", false),
        ["staff/signin"] = ("/staff/signin", false),
        ["staff/setup"] = ("/staff/setup", false),
        ["staff/denied"] = ("/staff/denied", false),
        ["staff"] = ("/staff", true),
        ["staff/signout"] = ("/staff/signout", true),
        ["staff/review/{id}"] = ("/staff/review/checkin", true),
        ["staff/results/{surveyid}"] = ("/staff/results/checkin", true),
        ["staff/people"] = ("/staff/people", true),
        ["staff/rounds"] = ("/staff/rounds", true),
        ["staff/rounds/details/{id:guid}"] = ("/staff/rounds/details/{round}", true),
        ["staff/surveys/upload"] = ("/staff/surveys/upload", true),
        ["staff/accounts/audit"] = ("/staff/accounts/audit", true),
        ["staff/accounts"] = ("/staff/accounts", true),
        ["staff/accounts/add"] = ("/staff/accounts/add", true),
        ["staff/accounts/{id:guid}"] = ("/staff/accounts/{account}", true),
        ["staff/board"] = ("/staff/board", true),
        ["staff/board/invite"] = ("/staff/board/invite", true),
        ["staff/people/person/{id:guid?}"] = ("/staff/people/person/{person}", true),
        ["signin/passkey"] = ("/signin/passkey", false),
        ["staff/passkeys"] = ("/staff/passkeys", true),
        ["staff/results/{surveyid}/answers"] = ("/staff/results/checkin/answers", true),
        ["staff/results/{surveyid}/quotes"] = ("/staff/results/checkin/quotes", true),
        ["staff/results/{surveyid}/themes"] = ("/staff/results/checkin/themes", true),
        ["staff/people/privacy"] = ("/staff/people/privacy", true),
        ["staff/disclosure"] = ("/staff/disclosure", true),
        ["staff/people/{id}/record"] = ("/staff/people/{person}/record", true),
        ["staff/people/{id}/erase"] = ("/staff/people/{person}/erase", true),
        ["staff/interviews"] = ("/staff/interviews", true),
        ["staff/interviews/start/{personid:guid}"] = ("/staff/interviews/start/{person}", true),
        ["staff/interviews/{id:guid}"] = ("{interview}", true),
        ["signin/oidc"] = ("/signin/oidc", false),
        ["signin-oidc"] = ("/signin-oidc", false),
    };

    /// <summary>Pages whose only purpose is to say something went wrong, and the status they answer with.</summary>
    private static readonly Dictionary<string, int> ErrorPages = new() { ["/signin-oidc"] = 400 };

    /// <summary>
    /// Pages known to scroll sideways at 320 px and not yet fixed: none. A page added here still
    /// runs axe; the list makes a gap visible rather than hidden, and should stay empty.
    /// </summary>
    private static readonly HashSet<string> KnownTooWideAt320 = [];

    /// <summary>
    /// The service and its seeded round and person, one for the class: each test signs in as an admin of its own,
    /// and neither changes what the other visits.
    /// </summary>
    public sealed class Site : IAsyncLifetime
    {
        public KestrelServiceFactory Service { get; } = new();
        public Guid Round { get; private set; }
        public string Person { get; private set; } = "";

        public async Task InitializeAsync()
        {
            // Signing in with an OpenID provider switched on, so its button and pages are checked too;
            // nothing listens at the provider's address, and these pages never ask it anything.
            Service.Settings["Authentication:OpenIdConnect:Authority"] = "http://127.0.0.1:9/";
            Service.Settings["Authentication:OpenIdConnect:ClientId"] = "coproduction";
            Service.Settings["Authentication:OpenIdConnect:DisplayName"] = "Microsoft Entra";
            Service.Settings["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false";
            Service.Start();
            Round = await ResultsSeed.AddRoundAsync(Service.Services, "checkin");
            await ResultsSeed.AddPeopleAsync(Service.Services, Round, 12, "happy=4 safe=yes matters=friends", surveyId: "checkin");
            var csv = "name,phone,groups\nAda Lovelace,+447400100200,rose-court\n";
            var imported = await Service.StaffClient().PostAsync("/api/people", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            using var scope = Service.Services.CreateScope();
            Person = scope.ServiceProvider.GetRequiredService<CoProduction.Store.StoreDbContext>().People.Single(p => p.Phone == "+447400100200").Id.ToString();
        }

        public Task DisposeAsync()
        {
            Service.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void EveryRazorPage_IsInTheListOfPagesVisited()
    {
        var missing = PageRoutes().Where(r => !Visits.ContainsKey(r)).ToList();

        Assert.True(missing.Count == 0,
            "These pages are not visited by the accessibility test; add each to EveryPageTests.Visits with an address that shows it: " + string.Join(", ", missing));
        Assert.Empty(Visits.Keys.Except(PageRoutes()));
    }

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalViolations_AndFitsA320PixelScreen()
    {
        var problems = new List<string>();
        await using var visitor = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        await using var admin = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        visitor.SetDefaultTimeout(ChromiumFixture.Patience);
        admin.SetDefaultTimeout(ChromiumFixture.Patience);
        await SignInAsAdminAsync(await admin.NewPageAsync());
        var interview = await StartInterviewAsync(await admin.NewPageAsync());

        foreach (var (route, (path, signedIn)) in Visits)
        {
            var page = await (signedIn ? admin : visitor).NewPageAsync();
            var address = path.Replace("{interview}", interview).Replace("{round}", site.Round.ToString()).Replace("{person}", site.Person)
                .Replace("{account}", (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/accounts")))[0].GetProperty("id").GetString());
            var response = await page.GotoAsync(address);
            if (response is null || response.Status >= 400 && ErrorPages.GetValueOrDefault(address) != response.Status) problems.Add($"{address} answered {response?.Status}");
            if (signedIn && page.Url.Contains("/staff/signin")) problems.Add($"{address} asked an admin to sign in");
            problems.AddRange(await CheckAsync(page, address));
            await page.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task FormsShowingTheirErrorSummary_HaveNoSeriousOrCriticalViolations_AndFitA320PixelScreen()
    {
        await using var admin = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        admin.SetDefaultTimeout(ChromiumFixture.Patience);
        var page = await admin.NewPageAsync();
        await SignInAsAdminAsync(page);
        var problems = new List<string>();

        await page.GotoAsync("/staff/surveys/upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload the survey" }).ClickAsync();
        Assert.Contains("There is a problem", await page.InnerTextAsync(".error-summary"));
        problems.AddRange(await CheckAsync(page, "upload with no file"));

        await page.GotoAsync("/staff/rounds");
        await page.GetByLabel("Date").Last.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the round" }).ClickAsync();
        Assert.Contains("There is a problem", await page.InnerTextAsync(".error-summary"));
        // The summary's first link takes the keyboard to the field it is about.
        await page.Locator(".error-summary a").First.ClickAsync();
        Assert.Equal("survey", await page.EvaluateAsync<string>("document.activeElement.id"));
        problems.AddRange(await CheckAsync(page, "round with problems"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>An interview of the admin's own (only its interviewer can open it); returns its address.</summary>
    private async Task<string> StartInterviewAsync(IPage page)
    {
        await page.GotoAsync($"/staff/interviews/start/{site.Person}");
        await page.GetByLabel("They agree to the interview").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the interview" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Read this aloud:")).ToBeVisibleAsync();
        var address = new Uri(page.Url).PathAndQuery;
        await page.CloseAsync();
        return address;
    }

    private async Task SignInAsAdminAsync(IPage page)
    {
        var email = $"admin-{Guid.NewGuid():N}@example.org";
        var created = await _service.StaffClient().PostAsJsonAsync("/api/accounts", new { email, name = "Ana Admin", role = "admin", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync("/staff");
    }

    private static async Task<List<string>> CheckAsync(IPage page, string what)
    {
        var problems = new List<string>();
        await page.SetViewportSizeAsync(1280, 900);
        var results = await page.RunAxe();
        if (results.Passes.Length == 0) problems.Add($"{what}: axe found nothing to check");
        problems.AddRange(results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{what}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));

        await page.SetViewportSizeAsync(320, 640);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0 && !KnownTooWideAt320.Contains(what))
        {
            // Name the widest elements that stick out, so the fix is easy to find.
            var culprits = await page.EvaluateAsync<string>(
                "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !Array.from(e.children).some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).join(', ')");
            problems.Add($"{what}: at 320 px wide the page scrolls sideways by {overflow} px ({culprits})");
        }
        return problems;
    }

    private HashSet<string> PageRoutes()
    {
        var descriptors = _service.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>();
        return descriptors
            .Select(d => d.AttributeRouteInfo?.Template?.ToLowerInvariant() ?? "")
            // A folder's Index page answers at the folder's address too; that one is visited.
            .Where(t => t.Length > 0 && !t.EndsWith("/index", StringComparison.Ordinal) && t != "index")
            .ToHashSet();
    }
}
