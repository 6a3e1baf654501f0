using System.Threading.Channels;
using CoProduction.Channels.DirectLine;
using CoProduction.Store.WebChat;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// Direct Line conversations in the shared store (<see cref="WebChatHistory"/>), so a chat
/// started on one node goes on on any other and no sticky sessions are needed: every REST call
/// reads and writes the store, but for a poll right after a post on the same node, answered from the
/// activities this node kept in the last few seconds (<see cref="DirectLineRecentActivities"/>, safe across
/// nodes: see there). Open WebSockets are otherwise the only thing a node holds: an activity
/// appended on this node reaches its sockets at once; one appended on another node is found by
/// a short poll of the store (one query for all the conversations this node streams, every
/// <see cref="PollInterval"/>). Typing is passed on to this node's sockets only: it is a
/// moment's signal, not worth a write. Each conversation keeps at most its latest
/// <see cref="InMemoryDirectLineConversations.MaxActivitiesPerConversation"/> activities, as in memory
/// (in the store the oldest go 31 at a time, so a long chat holds between 970 and 1,000).
/// </summary>
public sealed class StoreDirectLineConversations : IDirectLineConversations, IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    private readonly WebChatHistory _history;
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreDirectLineConversations> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Subscriber>> _subscribers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly DirectLineRecentActivities _recent;
    private Task? _poller;
    private int _disposed;

    public StoreDirectLineConversations(
        WebChatHistory history, IOptionsMonitor<DirectLineOptions> options, TimeProvider time, ILogger<StoreDirectLineConversations> logger,
        IEnumerable<IDirectLineRequestCounter> counters)
    {
        // Starts are counted in the start's own write when the limit's counter is the store's (the same
        // counts, under the same key): the start then makes one commit rather than two.
        CountsStarts = counters.LastOrDefault() is StoreChatRequestCounter;
        _history = history;
        _options = options;
        _time = time;
        _logger = logger;
        _recent = new DirectLineRecentActivities(time);
    }

    public async ValueTask<DirectLineConversationStart> StartAsync(string conversationId, string? userId, string? userName, CancellationToken cancellationToken) =>
        (await StartAsync(conversationId, userId, userName, (StartCount?)null, cancellationToken))!;

    public bool CountsStarts { get; }

    public ValueTask<DirectLineConversationStart?> StartAsync(string conversationId, string? userId, string? userName, DirectLineStartCount count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(count);
        if (!CountsStarts) throw new NotSupportedException("Starts are counted here only when the store's counter counts them.");
        return StartAsync(conversationId, userId, userName, new StartCount(StoreChatRequestCounter.KeyFor(count.Client), count.WindowStart, count.Permits), cancellationToken);
    }

    /// <summary>The start, counted in its own write when <paramref name="count"/> is set (null: over the limit, nothing started).</summary>
    private async ValueTask<DirectLineConversationStart?> StartAsync(string conversationId, string? userId, string? userName, StartCount? count, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // A user named by the token joins in the start's own write: no second write to say so.
        var (conversation, isNew, joined) = await _history.StartAsync(conversationId, userId, userName, now, ExpiryFrom(now), count, cancellationToken);
        if (conversation is null) return null;
        // A conversation started again under an id (the one before it expired or was erased) numbers from 0
        // again: what was kept under its id is forgotten, and the start noted (its stream opens next).
        if (isNew) _recent.Started(conversationId, Fresh);
        return new DirectLineConversationStart(Map(conversation) with { UserJoined = joined }, isNew);
    }

    public async ValueTask<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        await _history.FindJoinedAsync(conversationId, _time.GetUtcNow(), cancellationToken) is { } found
            ? Map(found.Conversation) with { UserJoined = found.UserJoined }
            : null;

    public async ValueTask<DirectLineActivityRecord?> AppendAsync(string conversationId, Func<long, string> render, CancellationToken cancellationToken) =>
        (await AppendAsync(conversationId, [render], cancellationToken))?[0];

    public async ValueTask<IReadOnlyList<DirectLineActivityRecord>?> AppendAsync(
        string conversationId, IReadOnlyList<Func<long, string>> renders, CancellationToken cancellationToken) =>
        (await AppendAsync(conversationId, renders, clientActivityId: null, cancellationToken)).Records;

    public async ValueTask<DirectLineAppendOutcome> AppendReceivedAsync(
        string conversationId, string clientActivityId, IReadOnlyList<Func<long, string>> renders, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientActivityId);
        var (records, repeated) = await AppendAsync(conversationId, renders, clientActivityId, cancellationToken);
        return repeated ? DirectLineAppendOutcome.Repeated : records is null ? DirectLineAppendOutcome.Gone : DirectLineAppendOutcome.Appended;
    }

    private async ValueTask<(IReadOnlyList<DirectLineActivityRecord>? Records, bool Repeated)> AppendAsync(
        string conversationId, IReadOnlyList<Func<long, string>> renders, string? clientActivityId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (appended, repeated) = await _history.AppendAsync(conversationId, renders, clientActivityId, now, ExpiryFrom(now),
            keep: InMemoryDirectLineConversations.MaxActivitiesPerConversation, cancellationToken);
        if (appended is null || repeated) return (null, repeated);
        if (appended.Count == 0) return ([], false);

        var records = appended.Select(a => new DirectLineActivityRecord(a.Sequence, a.Json)).ToList();
        await AnnounceAsync(conversationId, records, cancellationToken);
        return (records, false);
    }

    /// <summary>The conversations are in the turn's own store, so a turn's activities can be kept in its own transaction.</summary>
    public bool KeepsTurnActivities => true;

    public async ValueTask AnnounceAsync(string conversationId, IReadOnlyList<DirectLineActivityRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0 || records[0].Watermark is not { } first) return;
        bool gap;
        Subscriber[]? given;
        lock (_gate)
        {
            // The usual case, with no round trip: a local socket right behind these activities gets them now.
            given = Deliver(conversationId, records);
            gap = _subscribers.TryGetValue(conversationId, out var list) && list.Any(s => s.Last < first);
        }

        // Committed: a poll of this conversation that follows (its client's, right after its post) reads them from
        // here. Not when the conversation is streamed here: its client reads them from its socket and polls for
        // none, and keeping every new visitor's last activities for the few seconds after its chat's last write
        // had them outlive the young generation and be collected in the older ones (twenty-fifth round). A poll
        // of it (another client of the chat) goes to the store.
        if (given is null) _recent.Kept(conversationId, records, Fresh);
        else _recent.Forget(conversationId);

        Sent(given);

        // A socket missed activities written elsewhere meanwhile: catch it up from the store, in order.
        if (gap) await PumpAsync(conversationId, cancellationToken);
    }

    public async ValueTask<bool> PublishAsync(string conversationId, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (await FindAsync(conversationId, cancellationToken) is null) return false;
        Subscriber[]? given = null;
        lock (_gate)
        {
            if (_subscribers.TryGetValue(conversationId, out var list))
            {
                var record = new DirectLineActivityRecord(null, json);
                given = [.. list];
                foreach (var subscriber in given) Offer(conversationId, subscriber, record);
            }
        }

        Sent(given);
        return true;
    }

    /// <summary>
    /// What this node kept lately right after the watermark, without a gap: no store read (the poll right
    /// after a post; without a watermark, a new visitor's first poll, when this node kept the conversation from
    /// its first activity on). Anything else (nothing new here, another node's activities, an older watermark,
    /// no watermark with the beginning not kept here) is the store's to answer:
    /// <see cref="DirectLineRecentActivities.TryRead"/> says which.
    /// </summary>
    public ValueTask<IReadOnlyList<DirectLineActivityRecord>?> PollAsync(string conversationId, long? watermark, CancellationToken cancellationToken) =>
        _recent.TryRead(conversationId, watermark, Fresh) is { } recent ? ValueTask.FromResult<IReadOnlyList<DirectLineActivityRecord>?>(recent) : ReadAsync(conversationId, watermark, cancellationToken);

    public async ValueTask<IReadOnlyList<DirectLineActivityRecord>?> ReadAsync(string conversationId, long? watermark, CancellationToken cancellationToken)
    {
        var activities = await _history.ReadAsync(conversationId, watermark, _time.GetUtcNow(), cancellationToken);
        return activities?.Select(a => new DirectLineActivityRecord(a.Sequence, a.Json)).ToList();
    }

    public async ValueTask<DirectLineSubscription?> SubscribeAsync(string conversationId, CancellationToken cancellationToken)
    {
        long last;
        if (_recent.StartedHereLately(conversationId, Fresh))
        {
            // A new visitor's stream, opened right after its start on this node, which has written nothing to it
            // since: no look-up. From -1, every activity reaches this socket: this node's own as they are
            // announced, another node's (if one wrote in these few seconds) by the poll below, and a conversation
            // erased meanwhile on another node ends the socket at the next poll, as any streamed conversation that ends.
            last = -1;
        }
        else
        {
            // One prepared statement (every WebSocket opened asks it), not the poll's query for many.
            if (await _history.FindAsync(conversationId, _time.GetUtcNow(), cancellationToken) is not { } conversation) return null;
            last = conversation.NextSequence - 1;
        }

        // Everything after "last" reaches this socket: what was committed before it subscribed is
        // the history the stream reads itself.
        var channel = Channel.CreateBounded<DirectLineActivityRecord>(new BoundedChannelOptions(InMemoryDirectLineConversations.MaxPendingPerSubscriber)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Subscriber? subscriber = null;
        var subscription = new DirectLineSubscription(channel.Reader, () =>
        {
            lock (_gate) Remove(conversationId, subscriber!, error: null);
        }, latest: last);
        subscriber = new Subscriber(channel, last, subscription);
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list)) _subscribers[conversationId] = list = [];
            list.Add(subscriber);
            // Shared by every subscriber, so not tied to this one's token: it stops with the service.
            _poller ??= Task.Run(() => PollAsync(_stopping.Token), CancellationToken.None);
        }

        return subscription;
    }

    public async ValueTask<bool> AddMemberAsync(string conversationId, string memberId, CancellationToken cancellationToken) =>
        await _history.AddMemberAsync(conversationId, memberId, _time.GetUtcNow(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Registered under two service types, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        if (_poller is not null) await _poller;
        _stopping.Dispose();
        lock (_gate)
        {
            foreach (var (id, list) in _subscribers.ToList())
            {
                foreach (var subscriber in list.ToList()) Remove(id, subscriber, error: null);
            }
        }
    }

    /// <summary>Finds activities other nodes appended to the conversations this node streams, and conversations that ended.</summary>
    private async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, _time, ct);
                Dictionary<string, long> behind;
                lock (_gate) behind = _subscribers.ToDictionary(s => s.Key, s => s.Value.Min(x => x.Last));
                if (behind.Count == 0) continue;

                var latest = await _history.LatestAsync(behind.Keys, _time.GetUtcNow(), ct);
                foreach (var (id, last) in behind)
                {
                    if (!latest.TryGetValue(id, out var newest))
                    {
                        // Ended or expired: the sockets close; a client that reconnects gets 404.
                        lock (_gate) EndAll(id);
                    }
                    else if (newest > last)
                    {
                        await PumpAsync(id, ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be down for a while; the sockets wait, and the next poll catches up.
                _logger.LogWarning("Polling web chats for new activities failed with {Error}; trying again shortly", e.GetType().Name);
            }
        }
    }

    /// <summary>Reads from the store what this node's sockets of one conversation have not had yet, and hands it to them in order.</summary>
    private async Task PumpAsync(string conversationId, CancellationToken ct)
    {
        long from;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list)) return;
            from = list.Min(s => s.Last);
        }

        var activities = await _history.ReadAsync(conversationId, from, _time.GetUtcNow(), ct);
        if (activities is null) return;
        Subscriber[]? given;
        lock (_gate) given = Deliver(conversationId, [.. activities.Select(a => new DirectLineActivityRecord(a.Sequence, a.Json))]);
        Sent(given);
    }

    /// <summary>
    /// Under the lock. Each socket gets only what comes after what it already has, so nothing arrives twice or out of order.
    /// Answers the subscribers it looked at, whose sockets send what they were given once the lock is let go (<see cref="Sent"/>).
    /// </summary>
    private Subscriber[]? Deliver(string conversationId, IReadOnlyList<DirectLineActivityRecord> records)
    {
        if (!_subscribers.TryGetValue(conversationId, out var list)) return null;
        Subscriber[] given = [.. list];
        foreach (var subscriber in given)
        {
            foreach (var record in records)
            {
                if (record.Watermark is not { } w || w != subscriber.Last + 1) continue;
                if (!Offer(conversationId, subscriber, record)) break;
                subscriber.Last = w;
            }
        }

        return given;
    }

    /// <summary>Outside the lock: each socket sends what it was given, in the order given, on this thread when it is free.</summary>
    private static void Sent(Subscriber[]? given)
    {
        if (given is null) return;
        foreach (var subscriber in given) subscriber.Subscription.Written();
    }

    /// <summary>Under the lock. Never blocks the conversation for one slow socket: it is dropped, and reconnects with its watermark.</summary>
    private bool Offer(string conversationId, Subscriber subscriber, DirectLineActivityRecord record)
    {
        if (subscriber.Channel.Writer.TryWrite(record)) return true;
        Remove(conversationId, subscriber, new InvalidOperationException("The WebSocket fell too far behind."));
        return false;
    }

    private void EndAll(string conversationId)
    {
        if (!_subscribers.TryGetValue(conversationId, out var list)) return;
        foreach (var subscriber in list.ToList()) Remove(conversationId, subscriber, error: null);
    }

    private void Remove(string conversationId, Subscriber subscriber, Exception? error)
    {
        subscriber.Channel.Writer.TryComplete(error);
        if (_subscribers.TryGetValue(conversationId, out var list) && list.Remove(subscriber) && list.Count == 0)
        {
            _subscribers.Remove(conversationId);
        }
    }

    private DateTimeOffset ExpiryFrom(DateTimeOffset now) => now + _options.CurrentValue.ConversationIdleLifetime;

    private TimeSpan Fresh => DirectLineRecentActivities.FreshFor(_options.CurrentValue.ConversationIdleLifetime);

    private static DirectLineConversation Map(WebChatConversation c) => new(c.Id, c.UserId, c.UserName, c.StartedAt);

    private sealed class Subscriber(Channel<DirectLineActivityRecord> channel, long last, DirectLineSubscription subscription)
    {
        public Channel<DirectLineActivityRecord> Channel { get; } = channel;

        public DirectLineSubscription Subscription { get; } = subscription;

        /// <summary>The last watermark this socket has been given (or had in the history when it subscribed); -1 for none.</summary>
        public long Last { get; set; } = last;
    }
}
