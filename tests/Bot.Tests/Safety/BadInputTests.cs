using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>The bad inputs the fuzz test found, each pinned down with the answer it gets now.</summary>
public sealed class BadInputTests(ServiceFactory service) : IClassFixture<ServiceFactory>
{
    [Theory]
    [InlineData("/twilio/sms", "application/x-www-form-urlencoded; charset=utf-7")]
    [InlineData("/twilio/voice", "application/x-www-form-urlencoded; charset=nonsense")]
    [InlineData("/staff/signin", "application/x-www-form-urlencoded; charset=utf-7")]
    [InlineData("/api/board", "application/json; charset=nonsense")]
    [InlineData("/v3/directline/tokens/generate", "application/json; charset=utf-7")]
    [InlineData("/chat/token", "application/json;charset=utf-7")]
    public async Task BodyInACharsetWeCannotRead_Gets415(string path, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(path.StartsWith("/api") ? "{\"name\":\"Sam\",\"role\":\"staff\"}" : "Body=hi&From=%2B447700900123"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await service.StaffClient().PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData("Application/X-WWW-Form-UrlEncoded; Charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded;charset=utf-8")]
    public async Task SignedText_InTheFormTypesTwilioSends_IsAnswered(string contentType)
    {
        var phone = service.Phone("+447700900318");
        var request = TwilioRequests.SignedPost(TestPhone.WebhookUrl, phone.Form("SM" + Guid.NewGuid().ToString("N"), "HELP"), ServiceFactory.AuthToken);
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await service.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(TestPhone.Messages(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/twilio/sms?note=a%00b")]
    [InlineData("/twilio/sms?a%00b=note")]
    [InlineData("/twilio/sms?fine=1&note=x&note=a%00b")]
    public async Task SignedTextWithANulInItsAddress_Gets400_NamingTheNul(string path)
    {
        var phone = service.Phone("+447700900319");
        var url = "http://localhost" + path;
        var request = TwilioRequests.SignedPost(url, phone.Form("SM" + Guid.NewGuid().ToString("N"), "HELP"), ServiceFactory.AuthToken);

        var response = await service.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NUL", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/twilio/sms")]
    [InlineData("/twilio/voice/gather?turn=1")]
    [InlineData("/twilio/status")]
    public async Task TruncatedMultipartForm_Gets400_BeforeTheSignatureCheck(string path)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"Body\"\r\n\r\nhel"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(TwilioSigner.HeaderName, "bm90IGEgc2lnbmF0dXJl");

        var response = await service.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be read", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebhookBodyOverTheLimit_Gets413()
    {
        var content = new StringContent("Body=" + new string('a', 70_000), Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await service.CreateClient().PostAsync("/twilio/sms", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task WebhookBodyInChunksOverTheLimit_Gets413()
    {
        // No Content-Length: the test host cannot be given the limit, so the guard counts the bytes itself.
        var content = new UnsizedContent(Encoding.ASCII.GetBytes("Body=" + new string('a', 70_000)), "application/x-www-form-urlencoded");

        var response = await service.CreateClient().PostAsync("/twilio/sms", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task TextWithCharactersXmlCannotCarry_IsAnsweredAsTheTextWithoutThem()
    {
        var phone = service.Phone("+447700900311");

        var replies = await phone.TextAsync("CHECK\u0001IN\uFFFE");

        Assert.Contains(replies, r => r.Contains("happy", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(replies, r => r.Contains("happy", StringComparison.OrdinalIgnoreCase) && !r.Contains('\u0001'));
    }

    [Fact]
    public async Task TextFromAPossibleNumberTheLibraryCallsUnallocated_IsAnsweredAndRecorded()
    {
        var phone = service.Phone("+447700901234");

        var replies = await phone.TextAsync("CHECKIN");
        await phone.TextAsync("4");

        Assert.Contains(replies, r => r.Contains("happy", StringComparison.OrdinalIgnoreCase));
        var results = await service.ResultsAsync("checkin");
        Assert.True(results.Question("happy").Count("4") >= 1);
    }

    [Theory]
    [InlineData("/staff/review/checkin?handler=nonsense")]
    [InlineData("/staff/review/checkin")]
    [InlineData("/staff?handler=approve")]
    public async Task PagePostToAHandlerItDoesNotHave_Gets404(string path)
    {
        var browser = (await SignIns.StaffAsync(service, "staff")).Client;

        var response = await StaffBrowser.PostFormAsync(browser, "/staff/review/checkin", new Dictionary<string, string>(), path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task RoundWithReminderAfterNaNOrInfiniteDays_Gets400(string days)
    {
        var browser = (await SignIns.StaffAsync(service, "staff")).Client;

        var response = await StaffBrowser.PostFormAsync(browser, "/staff/rounds", new Dictionary<string, string>
        {
            ["Survey"] = "checkin", ["Groups"] = "nan-test", ["Channel"] = "sms",
            ["ClosesDate"] = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"), ["ClosesTime"] = "17:00", ["ReminderAfterDays"] = days,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Write the number of days for the reminder as a whole number from 1 to 60", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SurveyFileWithAControlCharacterInItsWording_IsRefused_NamingTheLine()
    {
        var yaml = "id: ctl\ntitle: Control\nkeyword: CTLTEST\nintro: Hello\noutro: \"Bye\\u0007\"\nquestions:\n  - id: q\n    type: yesno\n    text: Fine?\n";

        var response = await service.StaffClient().PostAsync("/api/surveys", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json.ReadAsync(response)).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == 5 && e.GetProperty("message").GetString()!.Contains("control character"));
    }

    [Fact]
    public async Task JsonWithANulCharacter_Gets400_BeforeAnyLookup()
    {
        var content = new StringContent("{\"survey\":\"check\\u0000in\",\"groups\":[\"a\"],\"closes\":\"2099-01-01T00:00:00Z\"}", Encoding.UTF8, "application/json");

        var response = await service.StaffClient().PostAsync("/api/rounds", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NUL", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; Charset=UTF-8")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task AChatMessage_InTheJsonTypesWebChatSends_IsAnswered(string contentType)
    {
        await using var chat = await DirectLineChat.StartAsync(service.CreateClient());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities")
        {
            Content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { type = "message", text = "hello", from = new { id = chat.UserId, role = "user" } })),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chat.Token);

        var response = await service.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await chat.ReceiveBotTurnAsync(_ => true));
    }

    [Fact]
    public async Task ChatEventWhoseValueHasTheWrongShape_IsIgnored_WithAPlainReply()
    {
        await using var chat = await DirectLineChat.StartAsync(service.CreateClient());

        var response = await chat.SendEventAsync("startSurvey", new[] { 1, 2, 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class ChatMessageRateTests
{
    [Fact]
    public async Task MoreMessagesInOneChatThanTheRateAllows_Get429()
    {
        using var service = new ServiceFactory();
        service.Settings["DirectLine:MessagesPerMinute"] = "3";
        await using var chat = await DirectLineChat.StartAsync(service.CreateClient());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await chat.SendTextAsync("hello")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
    }
}
