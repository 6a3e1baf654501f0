using CoProduction.Scheduling.Politeness;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Scheduling.Tests.Politeness;

public sealed class SendRateLimiterTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    public async Task RateLimiter_NeverLetsMoreThanTheRateThrough_InAnySecond_MeasuredWithTheFakeClock(double rate)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T12:00:00Z"));
        var limiter = new SendRateLimiter(time, Options.Create(new SchedulingOptions { MessagesPerSecond = rate }));
        var sends = new List<long>();
        // Four senders compete for one number, as parallel work would.
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await limiter.WaitAsync("+447700900000", default);
                lock (sends) sends.Add(time.GetTimestamp());
            }
        })).ToArray();
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(1));
            time.Advance(TimeSpan.FromMilliseconds(37));
        }
        await all;

        Assert.Equal(40, sends.Count);
        sends.Sort();
        var window = time.TimestampFrequency; // one second
        var most = sends.Select((t, i) => sends.Skip(i).TakeWhile(u => u - t < window).Count()).Max();
        Assert.True(most <= Math.Max(1, Math.Floor(rate)), $"{most} sends in one second at {rate}/s");
        var gaps = sends.Zip(sends.Skip(1), (a, b) => (b - a) / (double)time.TimestampFrequency);
        Assert.All(gaps, g => Assert.True(g >= 1 / rate - 1e-6, $"gap {g}s"));
    }

    [Fact]
    public async Task RateLimiter_KeepsSeparateBuckets_ForEachSendingNumber()
    {
        var time = new FakeTimeProvider();
        var limiter = new SendRateLimiter(time, Options.Create(new SchedulingOptions { MessagesPerSecond = 1 }));
        await limiter.WaitAsync("+447700900000", default);
        var other = limiter.WaitAsync("+447700900001", default);
        Assert.True(other.IsCompleted);
        var same = limiter.WaitAsync("+447700900000", default);
        Assert.False(same.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await same;
    }
}
