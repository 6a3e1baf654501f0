using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;

namespace CoProduction.Bot.Tests.Twilio;

public sealed class SmsWebhookTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public SmsWebhookTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task Webhook_Returns403_WhenSignatureIsWrong()
    {
        var phone = _service.Phone("+447700900201");
        var wrong = TwilioSigner.Sign("not-the-real-token-000000000000", TestPhone.WebhookUrl, phone.Form("SM1", "CHECKIN"));

        var response = await phone.SendAsync("CHECKIN", "SM1", signature: wrong);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_Returns403_WhenSignatureIsMissing()
    {
        var response = await _service.Phone("+447700900202").SendAsync("CHECKIN", sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/twilio/sms")]
    [InlineData("/TWILIO/SMS")]
    public async Task Webhook_Returns403_WhenUnsigned_EvenWithAStaffKey(string path)
    {
        // A staff key signs a person in for the API; it must not stand in for Twilio's signature.
        using var staff = _service.StaffClient();
        using var form = new FormUrlEncodedContent(TwilioRequests.Sms("SM3", "+447700900204", "+447700900000", "CHECKIN"));

        var response = await staff.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_Returns403_WhenBodyWasChangedAfterSigning()
    {
        var phone = _service.Phone("+447700900203");
        var signedForOther = TwilioSigner.Sign(ServiceFactory.AuthToken, TestPhone.WebhookUrl, phone.Form("SM2", "CHECKIN"));

        var response = await phone.SendAsync("STOP", "SM2", signature: signedForOther);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_AnswersWithTwiml_WhenSignatureIsRight()
    {
        var response = await _service.Phone("+447700900204").SendAsync("hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("xml", response.Content.Headers.ContentType?.MediaType);
        var messages = TestPhone.Messages(await response.Content.ReadAsStringAsync());
        Assert.Single(messages);
    }

    [Fact]
    public async Task UnknownNumber_GetsPointedToTheKeyword_WhenTextIsNotAKeyword()
    {
        var replies = await _service.Phone("+447700900205").TextAsync("hi who is this?");

        var reply = Assert.Single(replies);
        Assert.Contains("Text CHECKIN to start", reply);
    }

    [Fact]
    public async Task LongMessage_IsRefusedPolitely_WithoutStartingAnything()
    {
        var phone = _service.Phone("+447700900206");

        var replies = await phone.TextAsync("CHECKIN " + new string('a', 1600));

        Assert.Contains("too long", Assert.Single(replies));
        // Nothing started: a plain text afterwards is still not an answer to anything.
        Assert.Contains("Text CHECKIN to start", Assert.Single(await phone.TextAsync("4")));
    }

    [Fact]
    public async Task Health_Answers200_WhenReady()
    {
        var response = await _service.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
