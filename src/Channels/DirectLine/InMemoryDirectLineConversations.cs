using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Conversations held in this process: enough for one node. Bounded so a flood of chats cannot
/// exhaust memory: a conversation idle for <see cref="DirectLineOptions.ConversationIdleLifetime"/>
/// is forgotten, and each keeps only its latest <see cref="MaxActivitiesPerConversation"/>
/// activities (a survey needs a few dozen). Expiry is checked as a side effect of use rather than
/// on a timer, so the class needs no background work and tests can drive it with a fake clock.
/// </summary>
public sealed class InMemoryDirectLineConversations : IDirectLineConversations
{
    public const int MaxActivitiesPerConversation = 1000;

    /// <summary>
    /// The most activity JSON (characters) one conversation keeps, oldest dropped first: with
    /// activities up to the body limit, a count alone would let one chat hold hundreds of MB.
    /// </summary>
    public const int MaxCharactersPerConversation = 1024 * 1024;

    /// <summary>How many undelivered activities a slow WebSocket may owe before it is dropped (it then reconnects).</summary>
    public const int MaxPendingPerSubscriber = 256;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _conversations = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public InMemoryDirectLineConversations(IOptionsMonitor<DirectLineOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public int Count => _conversations.Count;

    public ValueTask<DirectLineConversationStart> StartAsync(string conversationId, string? userId, string? userName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        SweepIfDue();

        var now = _time.GetUtcNow();
        var created = false;
        var entry = _conversations.GetOrAdd(conversationId, id =>
        {
            created = true;
            return new Entry(new DirectLineConversation(id, userId, userName, now), now);
        });

        if (!created && IsExpired(entry, now))
        {
            // An expired one still in the map (not swept yet) is as good as gone: start afresh.
            var fresh = new Entry(new DirectLineConversation(conversationId, userId, userName, now), now);
            if (_conversations.TryUpdate(conversationId, fresh, entry))
            {
                entry.CompleteSubscribers();
                return ValueTask.FromResult(new DirectLineConversationStart(fresh.Conversation, true));
            }

            return StartAsync(conversationId, userId, userName, cancellationToken);
        }

        return ValueTask.FromResult(new DirectLineConversationStart(entry.Conversation, created));
    }

    public ValueTask<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Live(conversationId)?.Conversation);

    public ValueTask<DirectLineActivityRecord?> AppendAsync(string conversationId, Func<long, string> render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(render);
        var entry = Live(conversationId);
        return ValueTask.FromResult(entry?.Append(render, _time.GetUtcNow()));
    }

    public ValueTask<DirectLineAppendOutcome> AppendReceivedAsync(
        string conversationId, string clientActivityId, IReadOnlyList<Func<long, string>> renders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renders);
        if (Live(conversationId) is not { } entry) return ValueTask.FromResult(DirectLineAppendOutcome.Gone);
        if (!entry.Claim(clientActivityId)) return ValueTask.FromResult(DirectLineAppendOutcome.Repeated);
        var now = _time.GetUtcNow();
        foreach (var render in renders) entry.Append(render, now);
        return ValueTask.FromResult(DirectLineAppendOutcome.Appended);
    }

    public ValueTask<bool> PublishAsync(string conversationId, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var entry = Live(conversationId);
        entry?.Publish(new DirectLineActivityRecord(null, json));
        return ValueTask.FromResult(entry is not null);
    }

    public ValueTask<IReadOnlyList<DirectLineActivityRecord>?> ReadAsync(string conversationId, long? watermark, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Live(conversationId)?.Read(watermark));

    public ValueTask<DirectLineSubscription?> SubscribeAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Live(conversationId)?.Subscribe());

    public ValueTask<bool> AddMemberAsync(string conversationId, string memberId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        return ValueTask.FromResult(Live(conversationId)?.AddMember(memberId) ?? false);
    }

    private Entry? Live(string conversationId)
    {
        if (string.IsNullOrEmpty(conversationId) || !_conversations.TryGetValue(conversationId, out var entry))
        {
            return null;
        }

        if (IsExpired(entry, _time.GetUtcNow()))
        {
            Remove(conversationId, entry);
            return null;
        }

        return entry;
    }

    private bool IsExpired(Entry entry, DateTimeOffset now) =>
        now - entry.LastUsed >= _options.CurrentValue.ConversationIdleLifetime;

    private void SweepIfDue()
    {
        var now = _time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, entry) in _conversations)
        {
            if (IsExpired(entry, now))
            {
                Remove(id, entry);
            }
        }
    }

    private void Remove(string conversationId, Entry entry)
    {
        if (_conversations.TryRemove(new KeyValuePair<string, Entry>(conversationId, entry)))
        {
            entry.CompleteSubscribers();
        }
    }

    private sealed class Entry
    {
        private readonly Lock _gate = new();
        private readonly List<DirectLineActivityRecord> _history = [];
        private readonly List<(Channel<DirectLineActivityRecord> Channel, DirectLineSubscription Subscription)> _subscribers = [];
        private readonly HashSet<string> _members = new(StringComparer.Ordinal);
        private readonly HashSet<string> _clientIds = new(StringComparer.Ordinal);
        private readonly Queue<string> _clientIdOrder = new();
        private long _nextSequence;
        private long _lastUsedTicks;
        private long _characters;

        public Entry(DirectLineConversation conversation, DateTimeOffset now)
        {
            Conversation = conversation;
            _lastUsedTicks = now.UtcTicks;
        }

        public DirectLineConversation Conversation { get; }

        public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

        public DirectLineActivityRecord Append(Func<long, string> render, DateTimeOffset now)
        {
            DirectLineActivityRecord record;
            DirectLineSubscription[] given;
            lock (_gate)
            {
                // Rendering and notifying under the lock keeps ids, watermarks and the order
                // subscribers see all the same.
                var sequence = _nextSequence;
                record = new DirectLineActivityRecord(sequence, render(sequence));
                _nextSequence++;
                _history.Add(record);
                _characters += record.Json.Length;
                var drop = 0;
                while (drop < _history.Count - 1
                    && (_history.Count - drop > MaxActivitiesPerConversation || _characters > MaxCharactersPerConversation))
                {
                    _characters -= _history[drop].Json.Length;
                    drop++;
                }
                _history.RemoveRange(0, drop);

                Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
                given = NotifyLocked(record);
            }

            // Each socket sends it once the lock is let go, in the order the lock gave.
            foreach (var subscription in given) subscription.Written();
            return record;
        }

        public void Publish(DirectLineActivityRecord record)
        {
            DirectLineSubscription[] given;
            lock (_gate) given = NotifyLocked(record);
            foreach (var subscription in given) subscription.Written();
        }

        public IReadOnlyList<DirectLineActivityRecord> Read(long? watermark)
        {
            lock (_gate)
            {
                return watermark is null ? [.. _history] : [.. _history.Where(r => r.Watermark > watermark)];
            }
        }

        public DirectLineSubscription Subscribe()
        {
            var channel = Channel.CreateBounded<DirectLineActivityRecord>(new BoundedChannelOptions(MaxPendingPerSubscriber)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            DirectLineSubscription? subscription = null;
            subscription = new DirectLineSubscription(channel.Reader, () =>
            {
                lock (_gate) _subscribers.Remove((channel, subscription!));
                channel.Writer.TryComplete();
            });
            lock (_gate) _subscribers.Add((channel, subscription));
            return subscription;
        }

        /// <summary>True the first time a client id is seen; only the latest ids are remembered, as only the latest activities are kept.</summary>
        public bool Claim(string clientActivityId)
        {
            lock (_gate)
            {
                if (!_clientIds.Add(clientActivityId)) return false;
                _clientIdOrder.Enqueue(clientActivityId);
                if (_clientIdOrder.Count > MaxActivitiesPerConversation) _clientIds.Remove(_clientIdOrder.Dequeue());
                return true;
            }
        }

        public bool AddMember(string memberId)
        {
            lock (_gate) return _members.Add(memberId);
        }

        public void CompleteSubscribers()
        {
            lock (_gate)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Channel.Writer.TryComplete();
                }

                _subscribers.Clear();
            }
        }

        /// <summary>Under the lock; answers the subscriptions written to, whose sockets send once the lock is let go.</summary>
        private DirectLineSubscription[] NotifyLocked(DirectLineActivityRecord record)
        {
            if (_subscribers.Count == 0) return [];
            var given = new DirectLineSubscription[_subscribers.Count];
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                given[i] = _subscribers[i].Subscription;
                if (!_subscribers[i].Channel.Writer.TryWrite(record))
                {
                    // Never block the conversation for one slow reader: drop it; it will
                    // reconnect with its watermark and read the history instead.
                    _subscribers[i].Channel.Writer.TryComplete(new InvalidOperationException("The WebSocket fell too far behind."));
                    _subscribers.RemoveAt(i);
                }
            }

            return given;
        }
    }
}
