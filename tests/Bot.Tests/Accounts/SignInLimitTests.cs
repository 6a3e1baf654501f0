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

    [Theory]
    [InlineData("GET", "/signin-oidc?code=abc")]
    [InlineData("POST", "/signin-oidc")]
    [InlineData("GET", "/signin/oidc?handler=Finish")]
    public async Task FourthOpenIdCallbackInAMinute_Gets429_WithAPlainMessage(string method, string path)
    {
        _service.Settings["Authentication:OpenIdConnect:Authority"] = "http://127.0.0.1:9/";
        _service.Settings["Authentication:OpenIdConnect:ClientId"] = "coproduction";
        _service.Settings["Authentication:OpenIdConnect:DisplayName"] = "Microsoft Entra";
        _service.Settings["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false";
        var client = SignIns.Browser(_service);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(method == "GET"
                ? await client.GetAsync(path)
                : await client.PostAsync(path, new StringContent("state=CfDJ8junk&code=abc", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")));
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.Equal(CoProduction.Bot.Accounts.AccountServices.TooManySignIns, await responses[3].Content.ReadAsStringAsync());
        Assert.NotNull(responses[3].Headers.RetryAfter);
    }
}
