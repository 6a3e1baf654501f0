using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>Sign-in forms are rate-limited per address, so passwords and codes cannot be tried by the thousand.</summary>
public sealed class SignInLimitTests : IDisposable
{
    private readonly ServiceFactory _service = new();

    public SignInLimitTests() => _service.Settings["Accounts:SignInAttemptsPerMinute"] = "3";

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task FourthSignInAttemptInAMinute_Gets429()
    {
        var client = SignIns.Browser(_service);
        var form = new Dictionary<string, string> { ["phone"] = "07700 900555", ["code"] = "123456" };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await StaffBrowser.PostFormAsync(client, "/signin/code", new(form))).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin/code")).StatusCode);
    }
}
