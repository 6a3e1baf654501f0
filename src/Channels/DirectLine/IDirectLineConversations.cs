namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Where Direct Line conversations and their activity history live. The in-memory one serves a
/// single process (tests, a bot without a store); the host registers a store-backed one so that
/// every node serves every conversation, without touching the endpoints or the adapter.
/// Methods return null (or false) for a conversation that does not exist or has expired.
/// </summary>
public interface IDirectLineConversations
{
    /// <summary>Starts a conversation, or returns the one already started under this id.</summary>
    ValueTask<DirectLineConversationStart> StartAsync(string conversationId, string? userId, string? userName, CancellationToken cancellationToken);

    /// <summary>
    /// True when this store counts a conversation start against the per-address limit in the start's own
    /// write (<see cref="StartAsync(string, string?, string?, DirectLineStartCount, CancellationToken)"/>),
    /// where the <see cref="IDirectLineRequestCounter"/> counts: the start then needs no count of its own
    /// (one commit, not two) and its route leaves the rate-limiting middleware.
    /// </summary>
    bool CountsStarts => false;

    /// <summary>
    /// As <see cref="StartAsync(string, string?, string?, CancellationToken)"/>, counting the request in the same
    /// write; null, with nothing started or counted, when the count is over the limit. Only where
    /// <see cref="CountsStarts"/> is true.
    /// </summary>
    ValueTask<DirectLineConversationStart?> StartAsync(string conversationId, string? userId, string? userName, DirectLineStartCount count, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not count conversation starts: the rate-limiting middleware counts them.");

    ValueTask<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an activity to the history and tells every subscriber. <paramref name="render"/> gets
    /// the activity's sequence number (which becomes its watermark, and part of its id) and
    /// returns its JSON; it runs once, inside the store's ordering, so ids follow the history.
    /// </summary>
    ValueTask<DirectLineActivityRecord?> AppendAsync(string conversationId, Func<long, string> render, CancellationToken cancellationToken);

    /// <summary>
    /// Adds several activities (a turn's replies) in order, as one write where the store allows
    /// (a chat turn's replies then cost one transaction, not one each). Null when the
    /// conversation does not exist; the default appends them one by one.
    /// </summary>
    async ValueTask<IReadOnlyList<DirectLineActivityRecord>?> AppendAsync(
        string conversationId, IReadOnlyList<Func<long, string>> renders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renders);
        var records = new List<DirectLineActivityRecord>(renders.Count);
        foreach (var render in renders)
        {
            if (await AppendAsync(conversationId, render, cancellationToken) is not { } record) return null;
            records.Add(record);
        }
        return records;
    }

    /// <summary>
    /// A turn's first write when the client named the visitor's activity (Web Chat's
    /// clientActivityID): that activity is the first of <paramref name="renders"/>, the first
    /// replies follow. When an activity of that name is kept in the conversation already (the
    /// same post again, a retry), nothing is added and the answer is Repeated. The default keeps
    /// no names and appends every time.
    /// </summary>
    async ValueTask<DirectLineAppendOutcome> AppendReceivedAsync(
        string conversationId, string clientActivityId, IReadOnlyList<Func<long, string>> renders, CancellationToken cancellationToken) =>
        await AppendAsync(conversationId, renders, cancellationToken) is null ? DirectLineAppendOutcome.Gone : DirectLineAppendOutcome.Appended;

    /// <summary>Tells every subscriber about an activity that is not kept (typing).</summary>
    ValueTask<bool> PublishAsync(string conversationId, string json, CancellationToken cancellationToken);

    /// <summary>Kept activities after <paramref name="watermark"/> (all of them when null), oldest first.</summary>
    ValueTask<IReadOnlyList<DirectLineActivityRecord>?> ReadAsync(string conversationId, long? watermark, CancellationToken cancellationToken);

    /// <summary>
    /// A polling client's GET: as <see cref="ReadAsync"/>, but it may answer only the first part of what
    /// follows <paramref name="watermark"/> (always a run without gaps right after it, oldest first; never
    /// "nothing" while there is more): the client asks again from the last watermark it was given, as
    /// Direct Line clients do. A node may so answer from what it kept lately, without a store read. Not
    /// for a stream's history, which must be whole up to where its subscription began.
    /// </summary>
    ValueTask<IReadOnlyList<DirectLineActivityRecord>?> PollAsync(string conversationId, long? watermark, CancellationToken cancellationToken) =>
        ReadAsync(conversationId, watermark, cancellationToken);

    /// <summary>
    /// Listens for activities appended or published from now on (on any node, for a shared
    /// store). Subscribe before reading the history, then skip what was already read by
    /// watermark, and nothing falls in the gap. Null when the conversation does not exist.
    /// </summary>
    ValueTask<DirectLineSubscription?> SubscribeAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// True when a turn's store can keep its activities in the turn's own transaction
    /// (<see cref="DirectLineTurnActivities"/>): the conversations live in that same store.
    /// </summary>
    bool KeepsTurnActivities => false;

    /// <summary>
    /// Hands activities kept by a turn's own transaction to this node's listeners (as an append
    /// would have), catching a listener up from the store first when it missed some.
    /// </summary>
    ValueTask AnnounceAsync(string conversationId, IReadOnlyList<DirectLineActivityRecord> records, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Records that a member has joined; true only the first time, so the bot greets once.</summary>
    ValueTask<bool> AddMemberAsync(string conversationId, string memberId, CancellationToken cancellationToken);
}
