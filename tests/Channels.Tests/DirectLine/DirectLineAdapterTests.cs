using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineAdapterTests
{
    [Fact]
    public async Task ContinueConversation_AppendsAProactiveMessage_ThatPollingReturns()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var adapter = app.App.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference
        {
            Conversation = new ConversationAccount(id: conversation.Id),
            User = new ChannelAccount("dl_person1"),
            Bot = adapter.BotAccount,
            ChannelId = "directline",
            ServiceUrl = app.BaseAddress.ToString(),
        };

        await adapter.ContinueConversationAsync("ignored", reference, (turn, ct) => turn.SendActivityAsync("Your survey is ready.", cancellationToken: ct), default);

        var (_, set) = await app.PollAsync(conversation);
        var last = set.GetProperty("activities").EnumerateArray().Last();
        Assert.Equal("Your survey is ready.", last.GetProperty("text").GetString());
        Assert.Equal("bot", last.GetProperty("from").GetProperty("role").GetString());
        Assert.StartsWith(conversation.Id + "|", last.GetProperty("id").GetString());
    }

    [Fact]
    public async Task SendActivities_StoresATurnsRepliesInOrder_AroundATypingSignal_EachWithTheIdItWasGiven()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var adapter = app.App.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference { Conversation = new ConversationAccount(id: conversation.Id) };
        ResourceResponse[] sent = [];

        await adapter.ContinueConversationAsync("ignored", reference, async (turn, ct) =>
            sent = await turn.SendActivitiesAsync(
                [MessageFactory.Text("one"), new Activity(ActivityTypes.Typing), MessageFactory.Text("two"), MessageFactory.Text("three")], ct), default);

        var (_, set) = await app.PollAsync(conversation);
        var kept = set.GetProperty("activities").EnumerateArray().TakeLast(3).ToList();
        Assert.Equal(["one", "two", "three"], kept.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal(new[] { sent[0].Id, sent[2].Id, sent[3].Id }, kept.Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task APostedMessage_IsKept_WhenTheBotAnswersNothing()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, before) = await app.PollAsync(conversation);

        var (status, posted) = await app.PostMessageAsync(conversation, "quiet");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var (_, set) = await app.PollAsync(conversation, before.GetProperty("watermark").GetString());
        var echo = Assert.Single(set.GetProperty("activities").EnumerateArray());
        Assert.Equal((posted.GetProperty("id").GetString(), "quiet"), (echo.GetProperty("id").GetString(), echo.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task APostedMessage_ComesBeforeTheApology_WhenTheBotFails_AndEachIdIsDifferent()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, before) = await app.PollAsync(conversation);

        var (_, posted) = await app.PostMessageAsync(conversation, "fail");
        await app.PostMessageAsync(conversation, "fail");

        var (_, set) = await app.PollAsync(conversation, before.GetProperty("watermark").GetString());
        var kept = set.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(["fail", DirectLineAdapter.ErrorReply, "fail", DirectLineAdapter.ErrorReply], kept.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal(posted.GetProperty("id").GetString(), kept[0].GetProperty("id").GetString());
        Assert.Equal(4, kept.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task AMessagePostedAgainWithTheSameClientId_GetsTheSameId_AndIsKeptAndAnsweredOnce()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, before) = await app.PollAsync(conversation);

        var first = await app.PostMessageAsync(conversation, "four", clientActivityId: "retry-1");
        var again = await app.PostMessageAsync(conversation, "four", clientActivityId: "retry-1");
        var other = await app.PostMessageAsync(conversation, "four", clientActivityId: "retry-2");

        Assert.Equal((System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.OK), (first.Status, again.Status));
        Assert.Equal(first.Body.GetProperty("id").GetString(), again.Body.GetProperty("id").GetString());
        Assert.NotEqual(first.Body.GetProperty("id").GetString(), other.Body.GetProperty("id").GetString());
        var (_, set) = await app.PollAsync(conversation, before.GetProperty("watermark").GetString());
        Assert.Equal(["four", "You said: four", "four", "You said: four"],
            set.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task ContinueConversation_Throws_ForAConversationThatDoesNotExist()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var adapter = app.App.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference { Conversation = new ConversationAccount(id: "gone") };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            adapter.ContinueConversationAsync("ignored", reference, (turn, ct) => Task.CompletedTask, default));
    }

    [Fact]
    public async Task AFailingProactiveTurn_ReachesTheCaller()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var adapter = app.App.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference { Conversation = new ConversationAccount(id: conversation.Id) };

        await Assert.ThrowsAsync<TimeoutException>(() =>
            adapter.ContinueConversationAsync("ignored", reference, (turn, ct) => throw new TimeoutException(), default));
    }

    [Fact]
    public async Task BotReplies_AreAlwaysFromTheBot_EvenWhenTheBotSetsAnotherRole()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var adapter = app.App.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference { Conversation = new ConversationAccount(id: conversation.Id) };

        await adapter.ContinueConversationAsync("ignored", reference, (turn, ct) =>
        {
            var reply = MessageFactory.Text("odd");
            reply.From = new ChannelAccount("someone", "Someone", RoleTypes.User);
            return turn.SendActivityAsync(reply, ct);
        }, default);

        var (_, set) = await app.PollAsync(conversation);
        Assert.Equal("bot", set.GetProperty("activities").EnumerateArray().Last().GetProperty("from").GetProperty("role").GetString());
    }
}
