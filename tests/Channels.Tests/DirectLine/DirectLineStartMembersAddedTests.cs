using System.Net;
using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// The endpoints told what the bot hears of "members added" without building it (as the service tells them of its
/// survey bot): a chat whose bot hears them is greeted at its start as before; one whose bot does not is greeted by
/// nobody, and its bot is built for the first message, which it answers.
/// </summary>
public class DirectLineStartMembersAddedTests
{
    private const string Base = DirectLineEndpoints.BasePath;

    [Fact]
    public async Task AStart_WhoseBotIsSaidToHearMembersAdded_GreetsTheUser_AsBefore()
    {
        await using var app = await DirectLineTestApp.StartAsync(membersAdded: new Says(hears: true));

        var conversation = await app.StartConversationAsync("dl_sam");

        Assert.Equal(["coproduction-bot", "dl_sam"], app.Bot.Received.Where(a => a.Type == ActivityTypes.ConversationUpdate).Select(a => a.MembersAdded.Single().Id));
        var (_, set) = await app.PollAsync(conversation);
        var greeting = Assert.Single(set.GetProperty("activities").EnumerateArray());
        Assert.Equal("Hello! Say anything.", greeting.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AStart_WhoseBotIsSaidToHearNoMembersAdded_GreetsNobody_AndItsFirstMessageIsAnswered()
    {
        await using var app = await DirectLineTestApp.StartAsync(membersAdded: new Says(hears: false));

        var named = await app.StartConversationAsync("dl_sam");
        var unnamed = await app.StartConversationAsync(userId: null);

        // Two chats started, nothing said in either, and no bot built for them.
        Assert.Empty(app.Bot.Received);
        Assert.Equal(0, app.BotsBuilt);
        var (_, before) = await app.PollAsync(named);
        Assert.Empty(before.GetProperty("activities").EnumerateArray());

        var (status, _) = await app.PostMessageAsync(named, "hello", from: new { id = "dl_sam", role = "user" });

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, after) = await app.PollAsync(named);
        Assert.Equal(["hello", "You said: hello"], after.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
        // The user the token did not name joins with their first message, and the bot hears only that message.
        var (unnamedStatus, _) = await app.PostMessageAsync(unnamed, "hi", from: new { id = "dl_alex", role = "user" });
        Assert.Equal(HttpStatusCode.OK, unnamedStatus);
        Assert.Equal([ActivityTypes.Message, ActivityTypes.Message], app.Bot.Received.Select(a => a.Type));
    }

    private sealed class Says(bool hears) : IMembersAddedListener
    {
        public bool HearsMembersAdded(string channelId) => hears;
    }
}
