using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>The first admin, staff accounts, lockout, and sessions that end when an account changes.</summary>
public sealed class AccountsTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public AccountsTests(ServiceFactory service) => _service = service;

    private static Dictionary<string, string> Form(string email, string password) => new() { ["email"] = email, ["password"] = password };

    [Fact]
    public async Task SignInCookie_IsSecure_HttpOnly_AndSameSiteStrict()
    {
        var email = await SignIns.CreateAccountAsync(_service, "staff");

        var response = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/staff/signin", Form(email, SignIns.Password));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("coproduction.session="));
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightOne()
    {
        var email = await SignIns.CreateAccountAsync(_service, "staff");
        for (var i = 0; i < 5; i++)
            await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/staff/signin", Form(email, "wrong password " + i));

        var right = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/staff/signin", Form(email, SignIns.Password));

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChangingARole_EndsThatPersonsSession()
    {
        var staff = await SignIns.StaffAsync(_service);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/staff/people")).StatusCode);
        var me = await Json.ReadAsync(await staff.Client.GetAsync("/api/me"));

        var changed = await _service.StaffClient().PutAsJsonAsync($"/api/accounts/{me.GetProperty("account").GetString()}/role", new { role = "viewer" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await staff.Client.GetAsync("/staff/people");
        Assert.StartsWith("/staff/signin", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task RemovingAnAccount_EndsItsSession_AndLeavesTheBoardMemberUnableToAct()
    {
        var member = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");
        var me = await Json.ReadAsync(await member.Client.GetAsync("/api/me"));

        var removed = await _service.StaffClient().DeleteAsync($"/api/accounts/{me.GetProperty("account").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.GetAsync("/api/me")).StatusCode);
        var board = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/board"));
        Assert.False(board.EnumerateArray().Single(m => m.GetProperty("id").GetString() == member.MemberId).GetProperty("canSignIn").GetBoolean());
    }

    [Fact]
    public async Task AuditLog_ShowsAdminsSignInsByPasswordAndText_AndRoleChanges_WithoutPhoneNumbers()
    {
        var staff = await SignIns.StaffAsync(_service);
        var member = await SignIns.MemberAsync(_service, "Audit Sam", "expert-by-experience");
        var me = await Json.ReadAsync(await staff.Client.GetAsync("/api/me"));
        await _service.StaffClient().PutAsJsonAsync($"/api/accounts/{me.GetProperty("account").GetString()}/role", new { role = "viewer" });

        var audit = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/audit"))).EnumerateArray().ToList();

        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "signed-in" && e.GetProperty("actor").GetString() == "Alex staff" && e.GetProperty("detail").GetString() == "with a password");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "signed-in" && e.GetProperty("actor").GetString() == "Audit Sam" && e.GetProperty("detail").GetString() == "with a texted link");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "role-changed" && e.GetProperty("detail").GetString() == "Alex staff is now viewer");
        Assert.DoesNotContain(audit, e => e.ToString().Contains(member.Phone[3..]));
        var page = await (await SignIns.StaffAsync(_service, "admin")).Client.GetStringAsync("/staff/accounts/audit");
        Assert.Contains("Audit Sam", page);
    }

    [Fact]
    public async Task Accounts_RefuseAShortPassword_AndADuplicateEmail()
    {
        var admin = _service.StaffClient();
        var email = await SignIns.CreateAccountAsync(_service, "viewer");

        var shortPassword = await admin.PostAsJsonAsync("/api/accounts", new { email = "new@example.org", name = "New", role = "staff", password = "short" });
        var duplicate = await admin.PostAsJsonAsync("/api/accounts", new { email, name = "Again", role = "staff", password = SignIns.Password });

        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }
}

/// <summary>The first admin is made once, on the set-up page, by whoever holds the staff key.</summary>
public sealed class SetupPageTests : IDisposable
{
    private readonly ServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    private Dictionary<string, string> Form(string key, string email) =>
        new() { ["key"] = key, ["name"] = "Morgan", ["email"] = email, ["password"] = SignIns.Password };

    [Fact]
    public async Task Setup_MakesTheFirstAdmin_WithTheStaffKey_AndThenCloses()
    {
        var wrongKey = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/staff/setup", Form("not the key", "morgan@example.org"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongKey.StatusCode);

        var client = SignIns.Browser(_service);
        var made = await StaffBrowser.PostFormAsync(client, "/staff/setup", Form(ServiceFactory.StaffKey, "morgan@example.org"));
        Assert.Equal("/staff", made.Headers.Location!.OriginalString);
        var me = await Json.ReadAsync(await client.GetAsync("/api/me"));
        Assert.Equal(["admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var page = await SignIns.Browser(_service).GetStringAsync("/staff/setup");
        Assert.Contains("already has an admin", page);
        var accounts = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/accounts"));
        Assert.Single(accounts.EnumerateArray());
    }
}
