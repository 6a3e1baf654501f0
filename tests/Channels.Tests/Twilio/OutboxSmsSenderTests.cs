using CoProduction.Channels.Twilio;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.Twilio;

public class OutboxSmsSenderTests
{
    [Fact]
    public async Task SendAsync_WritesTheTextToTheOutbox_WithTheCurrentTime()
    {
        var outbox = new InMemoryOutbox();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero));
        var sender = new OutboxSmsSender(outbox, time);

        var first = await sender.SendAsync("+447700900123", "Hello! A few quick questions.", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync("+447700900456", "How happy are you?", CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.StartsWith("outbox-", first.MessageId);
        Assert.Equal(
            [
                new OutboxEntry("+447700900123", "sms", "Hello! A few quick questions.", new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero)),
                new OutboxEntry("+447700900456", "sms", "How happy are you?", new DateTimeOffset(2026, 3, 14, 9, 31, 0, TimeSpan.Zero)),
            ],
            await outbox.ListAsync(CancellationToken.None));
    }
}
