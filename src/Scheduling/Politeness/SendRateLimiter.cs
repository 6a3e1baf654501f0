using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// At most <see cref="SchedulingOptions.MessagesPerSecond"/> sends per sending number: a token
/// bucket holding one token, refilled at that rate, driven by <see cref="TimeProvider"/> (so tests
/// measure it with a fake clock). One token means no bursts: two sends from one number are always
/// at least 1/rate apart, so no window of one second ever holds more than the rate.
/// </summary>
/// <remarks>
/// Per process. The dispatcher runs as a single Hangfire job at a time across servers
/// (DisableConcurrentExecution), so the process that sends is the only one sending.
/// </remarks>
public sealed class SendRateLimiter(TimeProvider time, IOptions<SchedulingOptions> options)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public double MessagesPerSecond => options.Value.MessagesPerSecond;

    /// <summary>Waits until <paramref name="sendingNumber"/> may send one more message, and takes that turn.</summary>
    public async Task WaitAsync(string sendingNumber, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd(sendingNumber, _ => new Bucket());
        var interval = (long)Math.Ceiling(time.TimestampFrequency / options.Value.MessagesPerSecond);
        while (true)
        {
            TimeSpan wait;
            lock (bucket)
            {
                var now = time.GetTimestamp();
                if (bucket.NextFree is null || now >= bucket.NextFree)
                {
                    bucket.NextFree = now + interval;
                    return;
                }
                wait = TimeSpan.FromSeconds((double)(bucket.NextFree.Value - now) / time.TimestampFrequency);
            }
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken);
        }
    }

    private sealed class Bucket
    {
        /// <summary>The timestamp at which the single token is back.</summary>
        public long? NextFree;
    }
}
