namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A visitor's turn's activities as the history keeps them (the visitor's own first, then the
/// replies, each rendered once with its number), for a store that keeps them in the turn's own
/// transaction (<see cref="DirectLineAdapter.PrepareTurnActivities"/>). The store says what it kept
/// with <see cref="Kept"/>; the adapter then gives the replies their ids and hands them to open
/// WebSockets without a write of its own. Never told (the turn was saved otherwise, or not at all):
/// the adapter keeps them itself, as before.
/// </summary>
public sealed class DirectLineTurnActivities
{
    private readonly Action _stored;

    internal DirectLineTurnActivities(
        string conversationId, string? clientActivityId, IReadOnlyList<Func<long, string>> renders,
        IReadOnlyList<Microsoft.Bot.Schema.Activity> replies, IReadOnlyList<Microsoft.Bot.Schema.Activity> stamped,
        IReadOnlyList<string> repliesJson, DateTimeOffset now, DateTimeOffset expiresAt, Action stored)
    {
        (ConversationId, ClientActivityId, Renders, Replies, Stamped, RepliesJson, Now, ExpiresAt, _stored) =
            (conversationId, clientActivityId, renders, replies, stamped, repliesJson, now, expiresAt, stored);
    }

    /// <summary>
    /// The replies as the history keeps them but before they have their numbers (no "id"), one JSON each:
    /// what the turn's store keeps as its replies (a repeated message is answered from them), so a reply is
    /// serialised once for both.
    /// </summary>
    public IReadOnlyList<string> RepliesJson { get; }

    public string ConversationId { get; }

    /// <summary>The client's name for the visitor's activity (Web Chat's clientActivityID), kept with it.</summary>
    public string? ClientActivityId { get; }

    /// <summary>The visitor's activity, then the replies: each gets its number and returns its JSON.</summary>
    public IReadOnlyList<Func<long, string>> Renders { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The conversation's new expiry: it was written to now.</summary>
    public DateTimeOffset ExpiresAt { get; }

    internal IReadOnlyList<Microsoft.Bot.Schema.Activity> Replies { get; }

    internal IReadOnlyList<Microsoft.Bot.Schema.Activity> Stamped { get; }

    /// <summary>What the store kept, in order, once its transaction committed.</summary>
    internal IReadOnlyList<DirectLineActivityRecord>? Records { get; private set; }

    /// <summary>The conversation had ended: nothing was kept.</summary>
    internal bool Gone { get; private set; }

    /// <summary>Handed to this node's listeners already.</summary>
    internal bool Announced { get; set; }

    /// <summary>Called by the store once the turn's transaction committed: what it kept, or null when the conversation had ended.</summary>
    public void Kept(IReadOnlyList<DirectLineActivityRecord>? records)
    {
        Records = records;
        Gone = records is null;
        if (records is not null) _stored();
    }

    internal bool IsFor(IReadOnlyList<Microsoft.Bot.Schema.Activity> activities)
    {
        if (activities.Count != Replies.Count) return false;
        for (var i = 0; i < activities.Count; i++)
        {
            if (!ReferenceEquals(activities[i], Replies[i])) return false;
        }
        return true;
    }
}
