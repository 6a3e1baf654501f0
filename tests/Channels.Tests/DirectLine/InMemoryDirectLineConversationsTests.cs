using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

public class InMemoryDirectLineConversationsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDirectLineConversations _store;

    public InMemoryDirectLineConversationsTests()
    {
        _store = new InMemoryDirectLineConversations(new DirectLineTokensTests.StaticMonitor(new DirectLineOptions()), _time);
    }

    [Fact]
    public async Task Append_GivesEachActivityTheNextWatermark_AndReadReturnsOnlyNewerOnes()
    {
        await _store.StartAsync("c", null, null, default);

        var records = new List<DirectLineActivityRecord>();
        for (var i = 0; i < 3; i++)
        {
            records.Add((await _store.AppendAsync("c", n => $"{{\"n\":{n}}}", default))!);
        }

        Assert.Equal([0L, 1L, 2L], records.Select(r => r.Watermark!.Value));
        Assert.Equal(3, (await _store.ReadAsync("c", null, default))!.Count);
        Assert.Equal(["{\"n\":2}"], (await _store.ReadAsync("c", 1, default))!.Select(r => r.Json));
    }

    [Fact]
    public async Task Subscribe_ReceivesAppendedAndPublishedActivities()
    {
        await _store.StartAsync("c", null, null, default);
        using var subscription = (await _store.SubscribeAsync("c", default))!;

        await _store.AppendAsync("c", _ => "{\"a\":1}", default);
        await _store.PublishAsync("c", "{\"type\":\"typing\"}", default);

        Assert.True(subscription.Activities.TryRead(out var kept));
        Assert.Equal(0, kept!.Watermark);
        Assert.True(subscription.Activities.TryRead(out var passing));
        Assert.Null(passing!.Watermark);
        Assert.Single((await _store.ReadAsync("c", null, default))!);
    }

    [Fact]
    public async Task AConversationIdleForADay_IsForgotten()
    {
        await _store.StartAsync("c", null, null, default);
        await _store.AppendAsync("c", _ => "{}", default);
        using var subscription = (await _store.SubscribeAsync("c", default))!;

        _time.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(await _store.FindAsync("c", default));
        await _store.AppendAsync("c", _ => "{}", default); // use keeps it alive
        _time.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(await _store.FindAsync("c", default));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await _store.FindAsync("c", default));
        Assert.Null(await _store.AppendAsync("c", _ => "{}", default));
        while (subscription.Activities.TryRead(out _))
        {
        }

        // Its open WebSockets are told, so they close.
        Assert.True(subscription.Activities.Completion.IsCompleted);
    }

    [Fact]
    public async Task History_KeepsOnlyTheLatestActivities()
    {
        await _store.StartAsync("c", null, null, default);
        for (var i = 0; i < InMemoryDirectLineConversations.MaxActivitiesPerConversation + 5; i++)
        {
            await _store.AppendAsync("c", n => n.ToString(System.Globalization.CultureInfo.InvariantCulture), default);
        }

        var all = (await _store.ReadAsync("c", null, default))!;
        Assert.Equal(InMemoryDirectLineConversations.MaxActivitiesPerConversation, all.Count);
        Assert.Equal(5, all[0].Watermark);
    }

    [Fact]
    public async Task Start_IsIdempotent_AndAddMemberIsTrueOnlyOnce()
    {
        var first = await _store.StartAsync("c", "dl_a", "A", default);
        var second = await _store.StartAsync("c", "dl_b", "B", default);

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal("dl_a", second.Conversation.UserId);
        Assert.True(await _store.AddMemberAsync("c", "dl_a", default));
        Assert.False(await _store.AddMemberAsync("c", "dl_a", default));
    }

    [Fact]
    public async Task ASubscriberThatFallsTooFarBehind_IsDropped_NotBlockingOthers()
    {
        await _store.StartAsync("c", null, null, default);
        using var slow = (await _store.SubscribeAsync("c", default))!;

        for (var i = 0; i <= InMemoryDirectLineConversations.MaxPendingPerSubscriber; i++)
        {
            await _store.AppendAsync("c", _ => "{}", default);
        }

        Assert.True(slow.Activities.Completion.IsCompleted || slow.Activities.Count == InMemoryDirectLineConversations.MaxPendingPerSubscriber);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await slow.Activities.WaitToReadAsync())
            {
                slow.Activities.TryRead(out _);
            }

            await slow.Activities.Completion;
        });
    }
}
