using System.Net;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>
/// The passkey calls and forms refuse what a browser would never send with a plain 4xx and add
/// nothing to the store. Making and using a real passkey is tested in Chromium (PasskeyBrowserTests).
/// </summary>
public sealed partial class PasskeyEndpointTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public PasskeyEndpointTests(ServiceFactory service) => _service = service;

    private async Task<int> StoredPasskeysAsync()
    {
        using var scope = _service.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().UserPasskeys.CountAsync();
    }

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        TokenField().Match(await client.GetStringAsync(page)).Groups[1].Value;

    private static HttpRequestMessage Post(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    [Fact]
    public async Task CreationOptions_ForTheSignedInAccount_NameItAndCarryAChallenge()
    {
        var staff = await SignIns.StaffAsync(_service);
        var response = await staff.Client.SendAsync(Post("/passkeys/creation-options", await TokenAsync(staff.Client, "/staff/passkeys")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var options = await Json.ReadAsync(response);
        Assert.False(string.IsNullOrEmpty(options.GetProperty("challenge").GetString()));
        Assert.Equal("Alex staff", options.GetProperty("user").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task CreationOptions_WithoutTheFormToken_Is400_AndWithAnApiKey_Is403()
    {
        var staff = await SignIns.StaffAsync(_service);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.Client.SendAsync(Post("/passkeys/creation-options", null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _service.StaffClient().SendAsync(Post("/passkeys/creation-options", null))).StatusCode);
    }

    [Fact]
    public async Task RequestOptions_NeedTheFormToken_AndNameNoAccount()
    {
        var browser = SignIns.Browser(_service);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(Post("/passkeys/request-options", null))).StatusCode);

        var response = await browser.SendAsync(Post("/passkeys/request-options", await TokenAsync(browser, "/signin/passkey")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var options = await Json.ReadAsync(response);
        Assert.False(string.IsNullOrEmpty(options.GetProperty("challenge").GetString()));
        Assert.False(options.TryGetProperty("allowCredentials", out var allowed) && allowed.GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("not json at all", HttpStatusCode.Unauthorized)]
    [InlineData("{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}", HttpStatusCode.Unauthorized)]
    [InlineData("{\"id\":1}", HttpStatusCode.Unauthorized)]
    public async Task SignIn_WithAForgedOrBrokenPasskey_IsRefusedPlainly_AndSignsNobodyIn(string credential, HttpStatusCode expected)
    {
        var browser = SignIns.Browser(_service);

        var response = await StaffBrowser.PostFormAsync(browser, "/signin/passkey", new() { ["credential"] = credential });

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("That passkey did not work", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("", "Add")]
    [InlineData("{\"id\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}", "Add")]
    [InlineData("garbage", "Add")]
    public async Task AddPasskey_WithABrokenCredential_Is400_AndStoresNothing(string credential, string handler)
    {
        var staff = await SignIns.StaffAsync(_service);
        var before = await StoredPasskeysAsync();

        var response = await StaffBrowser.PostFormAsync(staff.Client, "/staff/passkeys",
            new() { ["credential"] = credential, ["name"] = "Laptop" }, $"/staff/passkeys?handler={handler}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be added", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await StoredPasskeysAsync());
    }

    [Fact]
    public async Task AddPasskey_WithANameOver100Characters_Is400()
    {
        var staff = await SignIns.StaffAsync(_service);

        var response = await StaffBrowser.PostFormAsync(staff.Client, "/staff/passkeys",
            new() { ["credential"] = "{}", ["name"] = new string('x', 101) }, "/staff/passkeys?handler=Add");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The name is too long", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task RemovePasskey_ThatIsNotOnTheAccount_Is404(string id)
    {
        var staff = await SignIns.StaffAsync(_service);

        var response = await StaffBrowser.PostFormAsync(staff.Client, "/staff/passkeys", new() { ["id"] = id }, "/staff/passkeys?handler=Remove");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("That passkey is not on your account", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
