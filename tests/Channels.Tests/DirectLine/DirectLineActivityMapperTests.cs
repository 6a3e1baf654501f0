using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineActivityMapperTests
{
    private static readonly DirectLineConversation Conversation = new("conv1", null, null, DateTimeOffset.UnixEpoch);
    private static readonly ChannelAccount Bot = new("bot-id", "Bot", RoleTypes.Bot);
    private static readonly Uri ServiceUrl = new("https://chat.example.org/");
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ActivityId_IsTheConversationAndASevenDigitSequence() =>
        Assert.Equal("conv1|0000042", DirectLineActivityMapper.ActivityId("conv1", 42));

    [Fact]
    public void Inbound_OverwritesWhatTheClientMayNotChoose()
    {
        var sent = new Activity
        {
            Type = "Message",
            Id = "client-id",
            Text = "4",
            ChannelId = "msteams",
            Conversation = new ConversationAccount(id: "other"),
            From = new ChannelAccount("r_1", "Sam", RoleTypes.Bot),
            Recipient = new ChannelAccount("someone-else"),
            Timestamp = DateTimeOffset.UnixEpoch,
            ChannelData = JObject.Parse("{\"clientActivityID\":\"x1\"}"),
        };

        var mapped = DirectLineActivityMapper.Inbound(sent, Conversation, null, Bot, ServiceUrl, Now).Activity!;

        Assert.Equal((ActivityTypes.Message, (string?)null, "directline", "conv1"), (mapped.Type, mapped.Id, mapped.ChannelId, mapped.Conversation.Id));
        Assert.Equal(("r_1", "Sam", RoleTypes.User), (mapped.From.Id, mapped.From.Name, mapped.From.Role));
        Assert.Equal(("bot-id", RoleTypes.Bot), (mapped.Recipient.Id, mapped.Recipient.Role));
        Assert.Equal(Now, mapped.Timestamp);
        Assert.Equal("https://chat.example.org/", mapped.ServiceUrl);
        Assert.Equal("x1", ((JObject)mapped.ChannelData)["clientActivityID"]!.ToString());
    }

    [Fact]
    public void Inbound_UsesTheTokensUser_OverTheIdTheClientSent()
    {
        var sent = new Activity { Type = "message", Text = "hi", From = new ChannelAccount("dl_someone_else") };

        var mapped = DirectLineActivityMapper.Inbound(sent, Conversation, "dl_sam", Bot, ServiceUrl, Now).Activity!;

        Assert.Equal("dl_sam", mapped.From.Id);
    }

    public static TheoryData<Activity?> Refused => new()
    {
        null,
        new Activity { Text = "no type", From = new ChannelAccount("u") },
        new Activity { Type = "conversationUpdate", From = new ChannelAccount("u") },
        new Activity { Type = "invoke", From = new ChannelAccount("u") },
        new Activity { Type = "message", Text = "no from" },
        new Activity { Type = "message", Text = new string('a', DirectLineActivityMapper.MaxTextLength + 1), From = new ChannelAccount("u") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Inbound_RefusesWithAPlainReason(Activity? sent)
    {
        var result = DirectLineActivityMapper.Inbound(sent, Conversation, null, Bot, ServiceUrl, Now);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem));
    }

    public static TheoryData<string?, string?, string?> ClientIds => new()
    {
        // channelData.clientActivityID, the posted id, the client id taken
        { "web-1", "posted-1", "web-1" },
        { null, "posted-1", "posted-1" },
        { " ", "posted-1", "posted-1" },
        { null, null, null },
    };

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Inbound_TakesTheClientsIdForTheActivity_FromChannelDataElseThePostedId(string? clientActivityId, string? postedId, string? expected)
    {
        var sent = new Activity { Type = "message", Id = postedId, Text = "4", From = new ChannelAccount("u") };
        if (clientActivityId is not null) sent.ChannelData = new JObject { ["clientActivityID"] = clientActivityId };

        var result = DirectLineActivityMapper.Inbound(sent, Conversation, null, Bot, ServiceUrl, Now);

        Assert.Equal(expected, result.ClientActivityId);
    }

    [Fact]
    public void Inbound_RefusesAClientIdTooLongToKeep_AndTakesNoneForTyping()
    {
        var tooLong = new Activity { Type = "message", Text = "4", From = new ChannelAccount("u"), ChannelData = new JObject { ["clientActivityID"] = new string('x', 129) } };
        var typing = new Activity { Type = "typing", Id = "t1", From = new ChannelAccount("u") };

        Assert.Contains("clientActivityID", DirectLineActivityMapper.Inbound(tooLong, Conversation, null, Bot, ServiceUrl, Now).Problem);
        Assert.Null(DirectLineActivityMapper.Inbound(typing, Conversation, null, Bot, ServiceUrl, Now).ClientActivityId);
    }

    [Fact]
    public void InboundId_IsTheSameForTheSameClientId_InTheSameConversationOnly()
    {
        var once = DirectLineActivityMapper.InboundId("conv1", "web-1");

        Assert.Equal(once, DirectLineActivityMapper.InboundId("conv1", "web-1"));
        Assert.NotEqual(once, DirectLineActivityMapper.InboundId("conv2", "web-1"));
        Assert.NotEqual(once, DirectLineActivityMapper.InboundId("conv1", "web-2"));
        Assert.Matches("^conv1\\|m[0-9a-f]{16}$", once);
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("1733150000000abc")]
    [InlineData("Ŵ👍 id with spaces")]
    public void InboundId_FromAClientId_IsTheIdEarlierBuildsGave_SoARetryOnAnyNodeGetsTheSameId(string clientId)
    {
        // The first 16 hex digits of the SHA-256 of the client id's UTF-8, as every earlier build wrote them.
        var earlier = "AbCdEf123456|m" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clientId)))[..16];

        Assert.Equal(earlier, DirectLineActivityMapper.InboundId("AbCdEf123456", clientId));
    }

    [Fact]
    public void Outbound_StampsTheBotAndKeepsTheReply()
    {
        var reply = MessageFactory.Text("Hello");
        reply.ReplyToId = "conv1|0000001";
        reply.From = new ChannelAccount("x", "X", RoleTypes.User);

        var stamped = DirectLineActivityMapper.Outbound(reply, "conv1", Bot, Now);

        Assert.Equal((RoleTypes.Bot, "conv1", "conv1|0000001", "Hello"), (stamped.From.Role, stamped.Conversation.Id, stamped.ReplyToId, stamped.Text));
        Assert.Equal(Now, stamped.Timestamp);
        Assert.NotSame(reply, stamped);
    }

    private static class MessageFactory
    {
        public static Activity Text(string text) => (Activity)Microsoft.Bot.Builder.MessageFactory.Text(text);
    }
}
