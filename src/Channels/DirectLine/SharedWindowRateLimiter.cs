using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A fixed one-minute window for one client, counted by an <see cref="IDirectLineRequestCounter"/>
/// shared by every node. It has no state of its own, so it answers only asynchronously: the
/// synchronous attempt always says "ask again", and the rate-limiting middleware then awaits
/// <see cref="RateLimiter.AcquireAsync"/>, which asks the counter.
/// </summary>
internal sealed class SharedWindowRateLimiter(
    IDirectLineRequestCounter counter, string client, int permits, TimeProvider time, ILogger logger) : RateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The start of the one-minute window <paramref name="now"/> falls in (whole minutes since the epoch, UTC).</summary>
    public static DateTimeOffset WindowStartOf(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Window.Ticks, TimeSpan.Zero);

    private long _lastUsedTicks = time.GetUtcNow().UtcTicks;

    public override TimeSpan? IdleDuration => time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Failed(retryAfter: null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
        var windowStart = WindowStartOf(now);
        int count;
        try
        {
            count = await counter.CountAsync(client, windowStart, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A safeguard, not a gate: while the store is unreachable the request goes on (and
            // meets the same outage there, with its own answer) rather than failing here.
            logger.LogWarning("Counting a web chat request failed with {Error}; letting it through", e.GetType().Name);
            return Lease.Granted;
        }

        return count <= permits ? Lease.Granted : Lease.Failed(windowStart + Window - now);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Failed(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
