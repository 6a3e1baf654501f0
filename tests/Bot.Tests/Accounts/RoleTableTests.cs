using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>One of each: no credential, a viewer, staff, an admin, a board member. Keys for the API, sign-ins for the pages.</summary>
public sealed class RoleFixture : IAsyncLifetime
{
    public ServiceFactory Service { get; } = new();
    public Dictionary<string, HttpClient> Api { get; } = new();
    public Dictionary<string, HttpClient> Pages { get; } = new();

    /// <summary>Someone on the people list, for pages about one person.</summary>
    public string Person { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Signing in with an OpenID provider on, so its page is in the table; nothing listens there.
        Service.Settings["Authentication:OpenIdConnect:Authority"] = "http://127.0.0.1:9/";
        Service.Settings["Authentication:OpenIdConnect:ClientId"] = "coproduction";
        Service.Settings["Authentication:OpenIdConnect:DisplayName"] = "Microsoft Entra";
        Service.Settings["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false";
        var admin = Service.StaffClient();
        foreach (var role in new[] { "viewer", "staff" })
        {
            var made = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/keys", new { name = $"{role} integration", role }));
            Api[role] = Client(made.GetProperty("key").GetString());
            Pages[role] = (await SignIns.StaffAsync(Service, role)).Client;
        }
        Api["admin"] = admin;
        Pages["admin"] = (await SignIns.StaffAsync(Service, "admin")).Client;
        Pages["peer"] = (await SignIns.MemberAsync(Service, "Pat", "peer-researcher")).Client;
        var people = await admin.PostAsync("/api/people", new StringContent("name,phone\nIfor Jones,+447400100299\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, people.StatusCode);
        await using (var scope = Service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoProduction.Store.StoreDbContext>();
            Person = (await db.People.SingleAsync(p => p.Phone == "+447400100299")).Id.ToString();
        }
        var member = await SignIns.MemberAsync(Service, "Sam", "expert-by-experience");
        var own = await Json.ReadAsync(await member.Client.PostAsJsonAsync("/api/me/keys", new { name = "Sam's script" }));
        Api["board"] = Client(own.GetProperty("key").GetString());
        Pages["board"] = member.Client;
        Api["anonymous"] = Client(null);
        Pages["anonymous"] = SignIns.Browser(Service);
    }

    private HttpClient Client(string? key)
    {
        var client = Service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public Task DisposeAsync()
    {
        Service.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Run alone: the rounds page and API resolve Hangfire's job client, whose storage is
/// process-wide in tests, so another test's host stopping at that moment would give a 500.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoleTableCollection
{
    public const string Name = "Role table";
}

/// <summary>
/// Each role against each endpoint and page. "Allowed" means the request got past the door
/// (it may still be a 400 or 404 for its made-up body); refused is 401 without a credential,
/// 403 (API) or the "not for your role" page with one.
/// </summary>
[Collection(RoleTableCollection.Name)]
public sealed class RoleTableTests : IClassFixture<RoleFixture>
{
    private readonly RoleFixture _roles;

    public RoleTableTests(RoleFixture roles) => _roles = roles;

    private const string Read = "viewer staff admin board";
    private const string Staff = "staff admin";
    private const string Board = "board";
    private const string Admin = "admin";

    public static readonly (string Method, string Path, string? Json, string Allowed)[] Endpoints =
    [
        ("GET", "/api/surveys", null, Read),
        ("POST", "/api/surveys", null, Staff),
        ("POST", "/api/surveys/nope/publish", null, Staff),
        ("GET", "/api/surveys/checkin/results", null, Read),
        ("GET", "/api/surveys/checkin/answers?question=change", null, "staff admin board"),
        ("GET", "/api/surveys/checkin/themes", null, Read),
        ("POST", "/api/surveys/nope/themes", "{}", "staff admin board"),
        ("POST", "/api/surveys/nope/answers/1/themes", "{}", "staff admin board"),
        ("GET", "/api/surveys/checkin/quotes", null, "staff admin board"),
        ("POST", "/api/surveys/nope/quotes", "{}", Staff),
        ("GET", "/api/outbox", null, Admin),
        ("POST", "/api/board", "{}", Staff),
        ("GET", "/api/board", null, Read),
        ("GET", "/api/surveys/checkin/review", null, Read),
        ("GET", "/api/surveys/checkin/history", null, Read),
        ("GET", "/api/surveys/checkin/approvals", null, Read),
        ("POST", "/api/surveys/nope/approvals", null, Board),
        ("POST", "/api/surveys/nope/proposals", "{}", Board),
        ("POST", "/api/proposals/999999/votes", null, Board),
        ("POST", "/api/proposals/999999/accept", null, Board),
        ("POST", "/api/surveys/nope/comments", "{}", Board),
        ("POST", "/api/surveys/nope/flags", "{}", Board),
        ("POST", "/api/surveys/nope/pilots", "{}", Board),
        ("POST", "/api/surveys/nope/owner", "{}", Staff),
        ("POST", "/api/surveys/nope/submit", null, "staff admin board"),
        ("POST", "/api/surveys/nope/retire", null, Staff),
        ("GET", "/api/word-lists", null, Read),
        ("POST", "/api/word-lists", "{}", "staff admin board"),
        ("DELETE", "/api/word-lists/999999", null, "staff admin board"),
        ("GET", "/api/rounds", null, Staff),
        ("POST", "/api/rounds", "{}", Staff),
        ("POST", "/api/people", null, Staff),
        ("GET", "/api/accounts", null, Admin),
        ("POST", "/api/accounts", "{}", Admin),
        ("PUT", "/api/accounts/00000000-0000-0000-0000-000000000000/role", "{}", Admin),
        ("DELETE", "/api/accounts/00000000-0000-0000-0000-000000000000", null, Admin),
        ("GET", "/api/keys", null, Admin),
        ("POST", "/api/keys", "{}", Admin),
        ("DELETE", "/api/keys/999999", null, Admin),
        ("GET", "/api/me", null, Read),
        ("GET", "/api/audit", null, Admin),
        ("GET", "/api/results/disclosure", null, Read),
        ("PUT", "/api/results/disclosure", "{}", "admin board"),
        ("GET", "/api/people/00000000-0000-0000-0000-000000000000/record", null, Staff),
        ("POST", "/api/people/00000000-0000-0000-0000-000000000000/erasure", null, Staff),
    ];

    public static readonly (string Path, string Allowed)[] PagesTable =
    [
        ("/staff", Read),
        ("/staff/review/checkin", Read),
        ("/staff/results/checkin/answers", "staff admin board"),
        ("/staff/results/checkin/themes", "staff admin board"),
        ("/staff/results/checkin/quotes", Staff),
        ("/staff/people", Staff),
        ("/staff/rounds", Staff),
        ("/staff/surveys/upload", Staff),
        ("/staff/people/person", Staff),
        ("/staff/board", Staff),
        ("/staff/board/invite", Staff),
        ("/staff/accounts", Admin),
        ("/staff/accounts/add", Admin),
        ("/staff/setup", "anonymous " + Read),
        ("/staff/signin", "anonymous " + Read),
        ("/signin/text", "anonymous " + Read),
        ("/staff/accounts/audit", Admin),
        ("/staff/disclosure", "admin board"),
        ("/staff/passkeys", Read),
        ("/signin/passkey", "anonymous " + Read),
        ("/staff/people/privacy", Staff),
        ("/staff/interviews", "staff admin peer"),
        ("/staff/interviews/start/{person}", "staff admin peer"),
        ("/signin/oidc", "anonymous " + Read),
    ];

    private static readonly string[] AllRoles = ["anonymous", "viewer", "staff", "admin", "board"];

    public static IEnumerable<object[]> ApiCases() =>
        from e in Endpoints from role in AllRoles select new object[] { role, e.Method, e.Path, e.Json ?? "", e.Allowed.Split(' ').Contains(role) };

    /// <summary>A peer researcher is a board member: let in wherever the board is, and where peer researchers are named.</summary>
    private static bool Allows(string allowed, string role) =>
        allowed.Split(' ').Contains(role) || (role == "peer" && allowed.Split(' ').Contains("board"));

    public static IEnumerable<object[]> PageCases() =>
        from p in PagesTable from role in AllRoles.Append("peer") select new object[] { role, p.Path, Allows(p.Allowed, role) };

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task Api_LetsInOnlyTheRolesItIsFor(string role, string method, string path, string json, bool allowed)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json != "") request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _roles.Api[role].SendAsync(request);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{role} {method} {path} gave {status}: {await response.Content.ReadAsStringAsync()}");
        if (allowed) Assert.True(status is not (401 or 403), $"{role} {method} {path} was refused with {status}");
        else Assert.Equal(role == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Pages_OpenOnlyForTheRolesTheyAreFor(string role, string path, bool allowed)
    {
        var response = await _roles.Pages[role].GetAsync(path.Replace("{person}", _roles.Person));

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(role == "anonymous" ? "/staff/signin" : "/staff/denied", response.Headers.Location!.PathAndQuery);
    }
}
