using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>An admin manages accounts in the browser: add, change the role, remove; the same rules as the API.</summary>
public sealed class AccountsPagesTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private readonly ServiceFactory _service;
    private HttpClient _admin = null!;

    public AccountsPagesTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync() => _admin = (await SignIns.StaffAsync(_service, "admin")).Client;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Admin_AddsAStaffAccount_WhoCanThenSignIn()
    {
        var email = $"pat-{Guid.NewGuid():N}@example.org";

        var added = await StaffBrowser.PostFormAsync(_admin, "/staff/accounts/add", new() { ["Name"] = "Pat Manager", ["Email"] = email, ["Role"] = "staff", ["password"] = SignIns.Password });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = WebUtility.HtmlDecode(await _admin.GetStringAsync("/staff/accounts"));
        Assert.Contains($"Pat Manager can now sign in with {email}.", list);
        var pat = SignIns.Browser(_service);
        var signedIn = await StaffBrowser.PostFormAsync(pat, "/staff/signin", new() { ["email"] = email, ["password"] = SignIns.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/staff/rounds")).StatusCode);
    }

    [Theory]
    [InlineData("", "a@example.org", "staff", SignIns.Password, "name", 400)]
    [InlineData("Pat", "not an email", "staff", SignIns.Password, "email", 400)]
    [InlineData("Pat", "a@example.org", "board", SignIns.Password, "role-staff", 400)]
    [InlineData("Pat", "a@example.org", "staff", "short", "password", 400)]
    public async Task AccountWithAProblem_IsRefused_AtItsField_AndNothingIsSaved(string name, string email, string role, string password, string field, int status)
    {
        var before = await AccountCountAsync();

        var refused = await StaffBrowser.PostFormAsync(_admin, "/staff/accounts/add", new() { ["Name"] = name, ["Email"] = email, ["Role"] = role, ["password"] = password });

        Assert.Equal(status, (int)refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"#{field}\">", page);
        Assert.Contains($"id=\"{field}\"", page);
        Assert.Equal(before, await AccountCountAsync());
    }

    [Fact]
    public async Task SecondAccountWithTheSameEmail_IsRefusedWith409_AtTheEmailField()
    {
        var email = await SignIns.CreateAccountAsync(_service, "viewer");
        var before = await AccountCountAsync();

        var refused = await StaffBrowser.PostFormAsync(_admin, "/staff/accounts/add", new() { ["Name"] = "Twin", ["Email"] = email, ["Role"] = "staff", ["password"] = SignIns.Password });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("<a href=\"#email\">There is already an account with that email address.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await AccountCountAsync());
    }

    [Fact]
    public async Task Admin_ChangesARole_AndTheirOpenSessionEnds()
    {
        var staff = await SignIns.StaffAsync(_service, "staff");
        var id = await IdOfNewestAsync();

        var changed = await StaffBrowser.PostFormAsync(_admin, $"/staff/accounts/{id}", new() { ["Role"] = "viewer" });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var account = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/accounts"))).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal(["viewer"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Client.GetAsync("/staff/rounds")).StatusCode);
    }

    [Fact]
    public async Task UnknownRole_IsRefused_AndTheRoleStays()
    {
        await SignIns.CreateAccountAsync(_service, "staff");
        var id = await IdOfNewestAsync();

        var refused = await StaffBrowser.PostFormAsync(_admin, $"/staff/accounts/{id}", new() { ["Role"] = "owner" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<a href=\"#role-admin\">The role must be", await refused.Content.ReadAsStringAsync());
        var account = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/accounts"))).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal(["staff"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Admin_RemovesAnAccount()
    {
        await SignIns.CreateAccountAsync(_service, "viewer");
        var id = await IdOfNewestAsync();
        var before = await AccountCountAsync();

        var removed = await StaffBrowser.PostFormAsync(_admin, $"/staff/accounts/{id}", new(), postTo: $"/staff/accounts/{id}?handler=Remove");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(before - 1, await AccountCountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/staff/accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task AccountsList_ShowsOnlyTheLastThreeDigits_OfABoardMembersPhone()
    {
        var member = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");

        var list = await _admin.GetStringAsync("/staff/accounts");

        Assert.Contains("a text to the phone ending " + member.Phone[^3..], list);
        Assert.DoesNotContain(member.Phone, list);
    }

    private async Task<int> AccountCountAsync() => (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/accounts"))).GetArrayLength();

    /// <summary>The account made last (ids are random, so it is found by its creation time).</summary>
    private async Task<string> IdOfNewestAsync()
    {
        await Task.CompletedTask;
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_service.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CoProduction.Store.StoreDbContext>(scope.ServiceProvider);
        return db.Users.OrderByDescending(u => u.CreatedAt).First().Id.ToString();
    }
}
