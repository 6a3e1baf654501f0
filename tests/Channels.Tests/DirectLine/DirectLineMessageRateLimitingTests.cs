using System.Net;
using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// The per-conversation message limit (DirectLine:MessagesPerMinute): counted in one-minute windows that
/// cost nothing while nobody posts, each conversation apart, refused with 429, Retry-After and plain words.
/// </summary>
public class DirectLineMessageRateLimitingTests
{
    private const string Base = "/v3/directline";

    [Fact]
    public async Task OverTheLimit_AConversationsPostGets429WithRetryAfter_AnotherConversationDoesNot_AndAMinuteLaterItMayPostAgain()
    {
        await using var app = await DirectLineTestApp.StartAsync(new() { ["DirectLine:MessagesPerMinute"] = "3" });
        var busy = await app.StartConversationAsync();
        var other = await app.StartConversationAsync("dl_person2");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.PostMessageAsync(busy, $"answer {i}")).Status);
        }

        var turns = app.Bot.Received.Count;
        using var refused = await app.Client.SendAsync(app.Request(HttpMethod.Post, $"{Base}/conversations/{busy.Id}/activities", busy.Token,
            new { type = "message", text = "one too many", from = new { id = "dl_person1" } }));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many messages in this chat. Please wait a minute and try again.", body);
        Assert.Equal(turns, app.Bot.Received.Count);

        Assert.Equal(HttpStatusCode.OK, (await app.PostMessageAsync(other, "hello", from: new { id = "dl_person2" })).Status);

        app.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal((HttpStatusCode)429, (await app.PostMessageAsync(busy, "still too soon")).Status);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await app.PostMessageAsync(busy, "a minute later")).Status);
    }

    [Fact]
    public void TryCount_LetsThePermitsThrough_ThenRefuses_UntilTheWindowHasEnded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var windows = new MessageWindows(time);

        Assert.Equal([true, true, false, false], Enumerable.Range(0, 4).Select(_ => windows.TryCount("a", 2)));
        Assert.True(windows.TryCount("b", 2));
        time.Advance(TimeSpan.FromSeconds(59.9));
        Assert.False(windows.TryCount("a", 2));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => windows.TryCount("a", 2)));
    }

    [Fact]
    public void EndedWindows_AreForgotten_SoTheTableHoldsOnlyTheLastMinutesConversations()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var windows = new MessageWindows(time);
        for (var i = 0; i < 1_000; i++) windows.TryCount($"c{i}", 60);
        Assert.Equal(1_000, windows.Count);

        time.Advance(TimeSpan.FromSeconds(30));
        windows.TryCount("late", 60);
        time.Advance(TimeSpan.FromSeconds(31));
        windows.TryCount("now", 60);

        // The thousand windows ended and were forgotten; the one begun 31 s ago, and this one, are held.
        Assert.Equal(2, windows.Count);
        Assert.Equal([true, false], Enumerable.Range(0, 2).Select(_ => windows.TryCount("now", 2)));
    }

    [Fact]
    public async Task SimultaneousPosts_AreEachCountedOnce()
    {
        var windows = new MessageWindows(TimeProvider.System);

        var allowed = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => windows.TryCount("c", 60))));

        Assert.Equal(60, allowed.Count(a => a));
    }
}
