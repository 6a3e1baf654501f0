using System.Xml.Linq;
using CoProduction.Channels.Twilio;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioSmsMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private readonly TwilioSmsMapper _mapper = new(new FakeTimeProvider(Now));

    [Fact]
    public void Map_ReturnsMessageActivity_FromRecordedWebhook()
    {
        var result = _mapper.Map(WebhookFixtures.Form("sms-answer.txt"));

        Assert.True(result.Succeeded);
        var activity = result.Activity;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("SM5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c", activity.Id);
        Assert.Equal("sms", activity.ChannelId);
        Assert.Equal("urn:twilio:sms", activity.ServiceUrl);
        Assert.Equal("+447700900123", activity.Conversation.Id);
        Assert.Equal("+447700900123", activity.From.Id);
        Assert.Equal(RoleTypes.User, activity.From.Role);
        Assert.Equal("+447700900000", activity.Recipient.Id);
        Assert.Equal(RoleTypes.Bot, activity.Recipient.Role);
        Assert.Equal("4", activity.Text);
        Assert.Empty(activity.Attachments);
    }

    [Fact]
    public void Map_StampsTheTimeFromTimeProvider()
    {
        var result = _mapper.Map(WebhookFixtures.Form("sms-answer.txt"));

        Assert.Equal(Now, result.Activity!.Timestamp);
    }

    [Fact]
    public void Map_DecodesPlusSignsEmojiAndAmpersands_InTheBody()
    {
        var result = _mapper.Map(WebhookFixtures.Form("sms-unicode.txt"));

        Assert.Equal("yes pls \U0001F44D & thanks", result.Activity!.Text);
    }

    [Fact]
    public void Map_KeepsEveryRawFieldAsChannelData()
    {
        var form = WebhookFixtures.Form("sms-answer.txt");

        var channelData = Assert.IsType<Dictionary<string, string>>(_mapper.Map(form).Activity!.ChannelData);

        Assert.Equal(form.OrderBy(p => p.Key), channelData.OrderBy(p => p.Key));
        Assert.Equal("MG0123456789abcdef0123456789abcdef", channelData["MessagingServiceSid"]);
    }

    [Fact]
    public void Map_TurnsMediaIntoAttachments_AndAnEmptyBodyIntoEmptyText()
    {
        var activity = _mapper.Map(WebhookFixtures.Form("mms-photo.txt")).Activity!;

        var attachment = Assert.Single(activity.Attachments);
        Assert.Equal("image/jpeg", attachment.ContentType);
        Assert.StartsWith("https://api.twilio.com/2010-04-01/Accounts/", attachment.ContentUrl);
        Assert.Equal(string.Empty, activity.Text);
    }

    [Fact]
    public void Map_ReturnsProblem_WhenFromIsMissing()
    {
        var result = _mapper.Map(WebhookFixtures.Form("sms-missing-from.txt"));

        Assert.False(result.Succeeded);
        Assert.Null(result.Activity);
        Assert.Contains("no From", result.Problem);
        Assert.DoesNotContain("MessageSid", result.Problem);
    }

    [Fact]
    public void Map_ReturnsProblem_WhenMessageSidIsMissing()
    {
        var result = _mapper.Map(WebhookFixtures.Form("sms-missing-sid.txt"));

        Assert.False(result.Succeeded);
        Assert.Contains("no MessageSid", result.Problem);
    }

    [Fact]
    public void Map_NamesBothFields_WhenFromAndMessageSidAreMissing()
    {
        var result = _mapper.Map(new Dictionary<string, string> { ["Body"] = "hi" });

        Assert.Equal("This text message could not be read: it has no From and no MessageSid.", result.Problem);
    }

    [Fact]
    public void Map_FallsBackToSmsSid_WhenOnlyTheOlderIdIsSent()
    {
        var form = WebhookFixtures.Form("sms-answer.txt");
        form.Remove("MessageSid");
        form["SmsSid"] = "SM00000000000000000000000000000001";

        Assert.Equal("SM00000000000000000000000000000001", _mapper.Map(form).Activity!.Id);
    }

    [Fact]
    public void ToTwiml_WritesOneMessagePerMessageActivityWithText_InOrder()
    {
        IActivity[] activities =
        [
            new Activity(ActivityTypes.Typing),
            MessageFactory.Text("Thank you."),
            MessageFactory.Text(""),
            MessageFactory.Text("   "),
            new Activity(ActivityTypes.Event) { Text = "not for the person" },
            MessageFactory.Text("Do you feel safe at home? Reply YES or NO & <nothing else>"),
        ];

        var doc = XDocument.Parse(TwilioSmsMapper.ToTwiml(activities));

        Assert.Equal("Response", doc.Root!.Name.LocalName);
        Assert.Equal(
            ["Thank you.", "Do you feel safe at home? Reply YES or NO & <nothing else>"],
            doc.Root.Elements("Message").Select(e => e.Value));
        Assert.Equal(2, doc.Root.Elements().Count());
    }

    [Fact]
    public void ToTwiml_WritesAnEmptyResponse_WhenThereAreNoActivities()
    {
        var doc = XDocument.Parse(TwilioSmsMapper.ToTwiml([]));

        Assert.Equal("Response", doc.Root!.Name.LocalName);
        Assert.False(doc.Root.HasElements);
        Assert.Equal(string.Empty, doc.Root.Value);
    }

    [Fact]
    public void ToConversationReference_AddressesThePersonLikeTheirOwnTexts()
    {
        var incoming = _mapper.Map(WebhookFixtures.Form("sms-answer.txt")).Activity!.GetConversationReference();

        var reference = TwilioSmsMapper.ToConversationReference("+447700900123", "+447700900000");

        Assert.Equal(incoming.ChannelId, reference.ChannelId);
        Assert.Equal(incoming.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(incoming.Conversation.Id, reference.Conversation.Id);
        Assert.Equal(incoming.User.Id, reference.User.Id);
        Assert.Equal(incoming.Bot.Id, reference.Bot.Id);
    }
}
