using CoProduction.Channels.Twilio;

namespace CoProduction.Channels.Tests.Twilio;

public class InMemoryOutboxTests
{
    [Fact]
    public async Task AddAsync_KeepsEveryEntry_WhenManyAddAtOnce()
    {
        var outbox = new InMemoryOutbox();

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
            outbox.AddAsync(new OutboxEntry("+447700900123", "sms", i.ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch), CancellationToken.None))));

        var entries = await outbox.ListAsync(CancellationToken.None);
        Assert.Equal(2000, entries.Select(e => e.Body).Distinct().Count());
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestLast_AndASnapshotThatLaterAddsDoNotChange()
    {
        var outbox = new InMemoryOutbox();
        await outbox.AddAsync(new OutboxEntry("+447700900123", "sms", "first", DateTimeOffset.UnixEpoch), CancellationToken.None);
        await outbox.AddAsync(new OutboxEntry("+447700900123", "sms", "second", DateTimeOffset.UnixEpoch), CancellationToken.None);

        var listed = await outbox.ListAsync(CancellationToken.None);
        await outbox.AddAsync(new OutboxEntry("+447700900123", "sms", "third", DateTimeOffset.UnixEpoch), CancellationToken.None);

        Assert.Equal(["first", "second"], listed.Select(e => e.Body));
    }
}
