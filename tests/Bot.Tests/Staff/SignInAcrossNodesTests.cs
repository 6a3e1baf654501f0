using System.Net;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// Two nodes on one store, and a browser whose requests a proxy sends to either: an account made
/// through one node's API signs in with its password, the sign-in form from one node is accepted by the other, and the sign-in cookie works on both, also after
/// the first node has gone (a restart). The keys are in the store, not on each machine.
/// </summary>
public sealed partial class SignInAcrossNodesTests : IDisposable
{
    private readonly ServiceFactory _first = new();
    private readonly ServiceFactory _second = new();
    private readonly CookieContainer _browser = new();
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"));

    public SignInAcrossNodesTests()
    {
        // The store outside either node's own data folder, which goes with its node.
        var store = $"Data Source={Path.Combine(_shared, "store.db")}";
        _first.Settings["ConnectionStrings:Store"] = store;
        _second.Settings["ConnectionStrings:Store"] = store;
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_shared, recursive: true); } catch (IOException) { }
    }

    private HttpClient Browser(ServiceFactory node) => node.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(_browser));

    [Fact]
    public async Task TheSignInForm_FromOneNode_IsAcceptedByTheOther_AndTheCookieWorksOnBoth()
    {
        var email = await SignIns.CreateAccountAsync(_first, "staff");
        var page = await Browser(_first).GetStringAsync("/staff/signin");
        var token = TokenField().Match(page).Groups[1].Value;

        using var signIn = await Browser(_second).PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = SignIns.Password,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser(_first).GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser(_second).GetAsync("/staff")).StatusCode);
        await using var scope = _second.Services.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<StoreDbContext>().DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task TheSignInCookie_StillWorks_AfterTheNodeThatMadeItHasGone()
    {
        var email = await SignIns.CreateAccountAsync(_first, "staff");
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.PostFormAsync(Browser(_first), "/staff/signin",
            new Dictionary<string, string> { ["email"] = email, ["password"] = SignIns.Password })).StatusCode);
        _first.Dispose();

        Assert.Equal(HttpStatusCode.OK, (await Browser(_second).GetAsync("/staff")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
