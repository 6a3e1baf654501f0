using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.Voice;

public class OutboxVoiceCallerTests
{
    [Fact]
    public async Task CallAsync_WritesTheCallToTheOutbox_WithAnIdUnlikeTwilios()
    {
        var outbox = new InMemoryOutbox();
        var at = new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

        var result = await new OutboxVoiceCaller(outbox, new FakeTimeProvider(at)).CallAsync("+447700900123", "inv-42", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.StartsWith("outbox-", result.CallId);
        Assert.Equal([new OutboxEntry("+447700900123", "voice", "Call for invitation inv-42", at)], await outbox.ListAsync(CancellationToken.None));
    }
}
