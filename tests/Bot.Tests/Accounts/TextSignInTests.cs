using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>Board members without email: invited with a phone, signed in by a texted link or code.</summary>
public sealed class TextSignInTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public TextSignInTests(ServiceFactory service) => _service = service;

    private async Task<(string Id, string Phone)> InviteAsync(string name = "Sam")
    {
        var phone = SignIns.NextPhone();
        var response = await _service.StaffClient().PostAsJsonAsync("/api/board", new { name, role = "expert-by-experience", phone = "0" + phone[3..] });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await Json.ReadAsync(response)).GetProperty("id").GetString()!, phone);
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client) => (await client.GetAsync("/api/me")).StatusCode;

    [Fact]
    public async Task Invitation_WithAPhone_TextsALinkAndACode_InPlainEnglishAndWelsh()
    {
        var (_, phone) = await InviteAsync();

        var text = await SignIns.LatestTextAsync(_service, phone);

        Assert.Contains("://localhost/signin/link?token=", text);
        Assert.Matches(@"code \d{6}", text);
        Assert.Contains("15 minutes", text);
        Assert.Contains("Cymraeg", text);
    }

    [Fact]
    public async Task OpeningTheLink_SignsNobodyIn_PressingSignMeIn_Does()
    {
        var (id, phone) = await InviteAsync();
        var token = await SignIns.LatestLinkTokenAsync(_service, phone);
        var client = SignIns.Browser(_service);

        // What a phone's link preview does: open the page, twice even.
        var opened = await client.GetAsync($"/signin/link?token={token}");
        await client.GetAsync($"/signin/link?token={token}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Sign me in", await opened.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(client));

        var pressed = await StaffBrowser.PostFormAsync(client, $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token });

        Assert.Equal("/staff", pressed.Headers.Location!.OriginalString);
        var me = await Json.ReadAsync(await client.GetAsync("/api/me"));
        Assert.Equal(id, me.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal(["board"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Link_WorksOnce()
    {
        var (_, phone) = await InviteAsync();
        var token = await SignIns.LatestLinkTokenAsync(_service, phone);
        await StaffBrowser.PostFormAsync(SignIns.Browser(_service), $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token });

        var second = SignIns.Browser(_service);
        var again = await StaffBrowser.PostFormAsync(second, $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token });

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("used already", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(second));
    }

    [Fact]
    public async Task Link_PressedTwiceAtOnce_SignsInOnlyOnce()
    {
        var (_, phone) = await InviteAsync();
        var token = await SignIns.LatestLinkTokenAsync(_service, phone);
        var clients = Enumerable.Range(0, 4).Select(_ => SignIns.Browser(_service)).ToList();

        var presses = await Task.WhenAll(clients.Select(c => StaffBrowser.PostFormAsync(c, $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token })));

        Assert.Single(presses, p => p.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal(3, presses.Count(p => p.StatusCode == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Code_SignsIn_WhenPastedWithSpaces_AndOnlyOnce()
    {
        var (id, phone) = await InviteAsync();
        var code = await SignIns.LatestCodeAsync(_service, phone);
        var client = SignIns.Browser(_service);

        var typed = await StaffBrowser.PostFormAsync(client, "/signin/code", new Dictionary<string, string> { ["phone"] = "0" + phone[3..], ["code"] = $" {code[..3]} {code[3..]} " });
        var again = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/signin/code", new Dictionary<string, string> { ["phone"] = phone, ["code"] = code });

        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal(id, (await Json.ReadAsync(await client.GetAsync("/api/me"))).GetProperty("member").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Code_StopsWorking_AfterFiveWrongGuesses()
    {
        var (_, phone) = await InviteAsync();
        var code = await SignIns.LatestCodeAsync(_service, phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var guess = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/signin/code", new Dictionary<string, string> { ["phone"] = phone, ["code"] = wrong });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        var right = await StaffBrowser.PostFormAsync(SignIns.Browser(_service), "/signin/code", new Dictionary<string, string> { ["phone"] = phone, ["code"] = code });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("not right, or it is too old", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AskingForATextAgain_SendsANewOne_UpToThreeIn15Minutes()
    {
        var (_, phone) = await InviteAsync();
        var client = SignIns.Browser(_service);

        var second = await StaffBrowser.PostFormAsync(client, "/signin/text", new Dictionary<string, string> { ["phone"] = phone });
        var third = await StaffBrowser.PostFormAsync(client, "/signin/text", new Dictionary<string, string> { ["phone"] = phone });
        var fourth = await StaffBrowser.PostFormAsync(client, "/signin/text", new Dictionary<string, string> { ["phone"] = phone });

        Assert.Equal("/signin/code?lang=en", second.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        var outbox = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"));
        Assert.Equal(3, outbox.EnumerateArray().Count(m => m.GetProperty("to").GetString() == phone));
    }

    [Fact]
    public async Task AskingForAText_ForAnUnknownNumber_LooksTheSame_AndSendsNothing()
    {
        var client = SignIns.Browser(_service);

        var response = await StaffBrowser.PostFormAsync(client, "/signin/text", new Dictionary<string, string> { ["phone"] = "07700 900799" });

        Assert.Equal("/signin/code?lang=en", response.Headers.Location!.OriginalString);
        var outbox = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"));
        Assert.DoesNotContain(outbox.EnumerateArray(), m => m.GetProperty("to").GetString() == "+447700900799");
    }

    [Theory]
    [InlineData("/signin/text?lang=cy", "Mewngofnodi gyda'ch ffôn")]
    [InlineData("/signin/code?lang=cy", "Teipiwch y cod o'ch neges")]
    [InlineData("/signin/link?token=x&lang=cy", "Pwyswch y botwm i fewngofnodi")]
    [InlineData("/signin/text", "Sign in with your phone")]
    public async Task SignInPages_SpeakWelsh_WhenAsked(string path, string heading)
    {
        var page = WebUtility.HtmlDecode(await SignIns.Browser(_service).GetStringAsync(path));

        Assert.Contains(heading, page);
        Assert.Contains(path.Contains("cy") ? "<html lang=\"cy\">" : "<html lang=\"en-GB\">", page);
    }

    [Fact]
    public async Task Invitation_Refuses_ANumberThatIsNotOne_And409s_ANumberAlreadyUsed()
    {
        var staff = _service.StaffClient();
        var (_, phone) = await InviteAsync();

        var junk = await staff.PostAsJsonAsync("/api/board", new { name = "X", role = "family-carer", phone = "not a phone" });
        var taken = await staff.PostAsJsonAsync("/api/board", new { name = "Y", role = "family-carer", phone });

        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var board = await Json.ReadAsync(await staff.GetAsync("/api/board"));
        Assert.DoesNotContain(board.EnumerateArray(), m => m.GetProperty("name").GetString() is "X" or "Y");
    }
}

/// <summary>Time passes: a link is good for 15 minutes only.</summary>
public sealed class TextSignInExpiryTests : IDisposable
{
    private readonly ServiceFactory _service = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Link_StopsWorking_After15Minutes()
    {
        var service = _service.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock)));
        var phone = SignIns.NextPhone();
        var staff = service.CreateClient();
        staff.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory.StaffKey);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/board", new { name = "Sam", role = "expert-by-experience", phone })).StatusCode);
        var outbox = await Json.ReadAsync(await staff.GetAsync("/api/outbox"));
        var text = outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;
        var token = System.Text.RegularExpressions.Regex.Match(text, @"token=([A-Za-z0-9_-]+)").Groups[1].Value;

        _clock.Advance(TimeSpan.FromMinutes(16));
        var client = service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var pressed = await StaffBrowser.PostFormAsync(client, $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token });

        Assert.Equal(HttpStatusCode.Unauthorized, pressed.StatusCode);
        Assert.Contains("more than 15 minutes old", await pressed.Content.ReadAsStringAsync());
    }
}
