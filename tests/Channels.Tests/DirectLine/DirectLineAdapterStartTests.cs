using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// Starting a conversation with a store that joins the token's user in the start's own write (as the
/// shared store does): the bot still hears the bot and then the user join, once each, and the store is
/// not asked to add the user a second time.
/// </summary>
public class DirectLineAdapterStartTests
{
    [Fact]
    public async Task AStartThatJoinedTheUser_TellsTheBotOfTheirJoiningOnce_WithoutAskingTheStoreAgain()
    {
        var options = new DirectLineTokensTests.StaticMonitor(new DirectLineOptions());
        var store = new JoiningAtStart(new InMemoryDirectLineConversations(options, TimeProvider.System));
        var adapter = new DirectLineAdapter(store, options, TimeProvider.System, NullLogger<DirectLineAdapter>.Instance);
        var bot = new EchoBot();

        var first = await adapter.StartConversationAsync("c1", new ChannelAccount("dl_sam"), new Uri("https://bot.example.org/"), bot, default);
        var again = await adapter.StartConversationAsync("c1", new ChannelAccount("dl_sam"), new Uri("https://bot.example.org/"), bot, default);

        Assert.Equal((true, false), (first.IsNew, again.IsNew));
        var joined = bot.Received.Where(a => a.Type == ActivityTypes.ConversationUpdate).Select(a => a.MembersAdded.Single().Id).ToList();
        Assert.Equal([adapter.BotAccount.Id, "dl_sam"], joined);
        Assert.Equal(0, store.AddMemberCalls);
        // The greeting the user's joining brought is in the history once.
        Assert.Single((await store.ReadAsync("c1", null, default))!);
    }

    [Fact]
    public async Task ABotThatDoesNothingWithMembersAdded_OnWebChat_HearsNoStartTurns_AndTheUserStillJoins()
    {
        var options = new DirectLineTokensTests.StaticMonitor(new DirectLineOptions());
        var store = new JoiningAtStart(new InMemoryDirectLineConversations(options, TimeProvider.System));
        var adapter = new DirectLineAdapter(store, options, TimeProvider.System, NullLogger<DirectLineAdapter>.Instance);
        var bot = new MessagesOnlyBot();

        var named = await adapter.StartConversationAsync("c1", new ChannelAccount("dl_sam"), new Uri("https://bot.example.org/"), bot, default);
        var unnamed = await adapter.StartConversationAsync("c2", null, new Uri("https://bot.example.org/"), bot, default);

        Assert.True(named.IsNew && unnamed.IsNew);
        Assert.Empty(bot.Received);
        Assert.Empty((await store.ReadAsync("c1", null, default))!);
        // The token's user joined with the start; one the token did not name joins with their first message, as before.
        var first = DirectLineActivityMapper.Inbound(
            DirectLineJson.TryDeserialize("""{"type":"message","text":"hello","from":{"id":"dl_alex"}}"""),
            unnamed.Conversation, null, adapter.BotAccount, new Uri("https://bot.example.org/"), DateTimeOffset.UtcNow).Activity!;
        Assert.NotNull(await adapter.ReceiveActivityAsync(unnamed.Conversation, first, bot, default));
        Assert.Equal([ActivityTypes.Message], bot.Received.Select(a => a.Type));
        Assert.Equal(1, store.AddMemberCalls);
        Assert.False(await store.AddMemberAsync("c2", "dl_alex", default));
    }

    [Fact]
    public async Task ABotThatHearsMembersAdded_OnWebChat_StillHearsBothStartTurns()
    {
        var options = new DirectLineTokensTests.StaticMonitor(new DirectLineOptions());
        var store = new JoiningAtStart(new InMemoryDirectLineConversations(options, TimeProvider.System));
        var adapter = new DirectLineAdapter(store, options, TimeProvider.System, NullLogger<DirectLineAdapter>.Instance);
        var bot = new MessagesOnlyBot(hears: true);

        await adapter.StartConversationAsync("c1", new ChannelAccount("dl_sam"), new Uri("https://bot.example.org/"), bot, default);

        Assert.Equal([adapter.BotAccount.Id, "dl_sam"], bot.Received.Select(a => a.MembersAdded.Single().Id));
    }

    /// <summary>A bot that says it does nothing with "members added" on web chat (unless told it hears them), as SurveyBot says.</summary>
    private sealed class MessagesOnlyBot(bool hears = false) : Microsoft.Bot.Builder.ActivityHandler, IMembersAddedListener
    {
        public List<Activity> Received { get; } = [];

        public bool HearsMembersAdded(string channelId) => hears;

        public override Task OnTurnAsync(Microsoft.Bot.Builder.ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            Received.Add(turnContext.Activity);
            return Task.CompletedTask;
        }
    }

    /// <summary>The in-memory store, saying the user joined with the start as the shared store does.</summary>
    private sealed class JoiningAtStart(InMemoryDirectLineConversations inner) : IDirectLineConversations
    {
        public int AddMemberCalls { get; private set; }

        public async ValueTask<DirectLineConversationStart> StartAsync(string conversationId, string? userId, string? userName, CancellationToken cancellationToken)
        {
            var start = await inner.StartAsync(conversationId, userId, userName, cancellationToken);
            if (start.IsNew && userId is not null) await inner.AddMemberAsync(conversationId, userId, cancellationToken);
            return start with { Conversation = start.Conversation with { UserJoined = start.IsNew && userId is not null } };
        }

        public ValueTask<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken) => inner.FindAsync(conversationId, cancellationToken);

        public ValueTask<DirectLineActivityRecord?> AppendAsync(string conversationId, Func<long, string> render, CancellationToken cancellationToken) =>
            inner.AppendAsync(conversationId, render, cancellationToken);

        public ValueTask<bool> PublishAsync(string conversationId, string json, CancellationToken cancellationToken) => inner.PublishAsync(conversationId, json, cancellationToken);

        public ValueTask<IReadOnlyList<DirectLineActivityRecord>?> ReadAsync(string conversationId, long? watermark, CancellationToken cancellationToken) =>
            inner.ReadAsync(conversationId, watermark, cancellationToken);

        public ValueTask<DirectLineSubscription?> SubscribeAsync(string conversationId, CancellationToken cancellationToken) => inner.SubscribeAsync(conversationId, cancellationToken);

        public ValueTask<bool> AddMemberAsync(string conversationId, string memberId, CancellationToken cancellationToken)
        {
            AddMemberCalls++;
            return inner.AddMemberAsync(conversationId, memberId, cancellationToken);
        }
    }
}
