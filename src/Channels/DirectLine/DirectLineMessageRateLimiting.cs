using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The rate limit on posting activities, per conversation (<see cref="DirectLineOptions.MessagesPerMinute"/>):
/// every activity runs the bot and may write to the store, so one chat cannot flood either.
/// </summary>
/// <remarks>
/// Each conversation's one-minute window is counted here (<see cref="MessageWindows"/>) and the policy
/// answers with one of two partitions, "let through" or "refused", rather than one limiter per
/// conversation: the rate-limiting middleware visits every limiter it holds ten times a second to
/// replenish it, which cost a little on every node for every chat of the last minute, idle or not.
/// A window starts with a conversation's first post and lasts a minute, as the fixed-window limiter's did.
/// </remarks>
public sealed class DirectLineMessageRateLimiting(IOptionsMonitor<DirectLineOptions> options, TimeProvider time) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "DirectLineMessages";

    private static readonly object Decision = new();
    private static readonly RateLimitPartition<string> LetThrough = RateLimitPartition.GetNoLimiter("let-through");
    private static readonly RateLimitPartition<string> Refuse = RateLimitPartition.Get("refused", _ => new RefusingLimiter());

    private readonly MessageWindows _windows = new(time);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await DirectLineErrors.Error(
            StatusCodes.Status429TooManyRequests,
            DirectLineErrors.TooManyRequests,
            "Too many messages in this chat. Please wait a minute and try again.").ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        // The middleware asks again, once, for a request it refused (to wait for a permit): the same answer, not a second count.
        if (httpContext.Items.ContainsKey(Decision)) return Refuse;
        var conversation = httpContext.Request.RouteValues["conversationId"]?.ToString() ?? "";
        if (_windows.TryCount(conversation, options.CurrentValue.MessagesPerMinute)) return LetThrough;
        httpContext.Items[Decision] = Decision;
        return Refuse;
    }

    /// <summary>Always refuses: the count said so.</summary>
    private sealed class RefusingLimiter : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refused.Lease;

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(Refused.Lease);
    }

    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Lease = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>
/// One-minute windows of posts, per conversation, counted when a post comes and never otherwise:
/// nothing runs while nobody posts. A window ends a minute after it began; the next post begins a new
/// one. Ended windows are forgotten at most once a minute, by the post that finds that a minute has
/// passed, so the table holds only the conversations that posted in the last two minutes.
/// </summary>
public sealed class MessageWindows(TimeProvider time)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastSweep = time.GetTimestamp();

    /// <summary>How many conversations have a window held (for tests).</summary>
    public int Count => _windows.Count;

    /// <summary>Counts one post in <paramref name="key"/>'s window; false when it is over <paramref name="permits"/>.</summary>
    public bool TryCount(string key, int permits)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var window = _windows.GetOrAdd(key, static (_, now) => new Window(now), now);
            lock (window)
            {
                // Forgotten by a sweep between the look-up and the lock: take the one that replaced it.
                if (window.Forgotten) continue;
                if (time.GetElapsedTime(window.Start, now) >= Length)
                {
                    window.Start = now;
                    window.Posts = 0;
                }
                if (window.Posts >= permits) return false;
                window.Posts++;
                return true;
            }
        }
    }

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < Length || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (time.GetElapsedTime(window.Start, now) < Length) continue;
                window.Forgotten = true;
                _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
            }
        }
    }

    private sealed class Window(long start)
    {
        public long Start = start;
        public int Posts;
        public bool Forgotten;
    }
}
