namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The activities this node kept in the last few seconds, per conversation, so that a polling client's
/// GET right after its own POST (Web Chat's polling, the bench's) is answered without a store read.
/// Safe across nodes because of what it answers and what it leaves to the store:
/// <list type="bullet">
/// <item>only activities whose commit this node saw (<see cref="Kept"/> is told after the commit), and
/// an activity's number and JSON never change once committed, so a kept one is the store's;</item>
/// <item>only a run without gaps that starts right after the client's watermark: activities another
/// node wrote between two of this node's break the run (this node's earlier ones are then dropped), so
/// nothing is skipped; what another node wrote after the run reaches the client with its next poll
/// (a GET may always answer part of what follows its watermark: the client asks again from the
/// watermark it is given);</item>
/// <item>never "nothing new": a watermark at or after the last kept activity, or before the first,
/// goes to the store, which knows what other nodes wrote; so does a poll without a watermark (the whole
/// history) unless this node kept the conversation's very first activity (number 0) and every one after
/// it: then it holds the history's beginning, as a poll from watermark -1 would have it;</item>
/// <item>only for <see cref="FreshFor"/> after the conversation's last activity kept here (at most five
/// seconds, and at most half the conversation's idle lifetime, so it cannot outlive its expiry): a
/// conversation ended meanwhile (erased on another node) may have this node's last few seconds of it
/// read by the holder of its token until then, never longer.</item>
/// </list>
/// Memory: at most <see cref="PerConversation"/> activities for each conversation written to in the last
/// few seconds; older entries are dropped as later ones are kept, and a poll that is answered from here
/// takes them with it: its client holds them now, and its next poll asks from after them (a poll from
/// before them, a retry, goes to the store). Activities that lived on for the few seconds after their
/// poll were most of what the service's oldest generation of objects held and collected again in the
/// memory soak (about 8,000 activities' JSON, 8 MB, at a time).
/// </summary>
public sealed class DirectLineRecentActivities(TimeProvider time)
{
    /// <summary>Most activities kept per conversation (a turn's visitor activity and its replies are 2-4).</summary>
    public const int PerConversation = 16;

    /// <summary>The longest an activity is answered from here after its conversation's last write on this node.</summary>
    public static readonly TimeSpan MostFresh = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _sweptAt;

    /// <summary>How long after a conversation's last write here its activities are answered from here.</summary>
    public static TimeSpan FreshFor(TimeSpan conversationIdleLifetime) =>
        conversationIdleLifetime / 2 < MostFresh ? conversationIdleLifetime / 2 : MostFresh;

    /// <summary>
    /// Activities of <paramref name="conversationId"/> whose commit has just been seen, in order. Records
    /// without a number (typing) or not in a run are ignored; a run that does not follow the kept one
    /// replaces it.
    /// </summary>
    public void Kept(string conversationId, IReadOnlyList<DirectLineActivityRecord> records, TimeSpan fresh)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0 || records[0].Watermark is not { } first) return;
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Watermark != first + i) return;
        }

        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (time.GetElapsedTime(_sweptAt, now) > fresh) Sweep(now, fresh);
            if (!_entries.TryGetValue(conversationId, out var entry)) _entries[conversationId] = entry = new Entry();
            if (entry.Records.Count > 0 && entry.Records[^1].Watermark + 1 != first) entry.Records.Clear();
            entry.Records.AddRange(records);
            if (entry.Records.Count > PerConversation) entry.Records.RemoveRange(0, entry.Records.Count - PerConversation);
            entry.KeptAt = now;
            entry.KeptAny = true;
        }
    }

    /// <summary>
    /// The kept activities after <paramref name="watermark"/>, in order, when this node kept the one right
    /// after it within <paramref name="fresh"/>; otherwise null (ask the store). A poll without a watermark
    /// (null) asks for the whole history, which must be the same whichever node is asked: it is answered
    /// here only when this node kept the conversation's first activity (number 0) and the run from it, so
    /// a new visitor's first poll, right after its first post on the node that took it, reads nothing from
    /// the store; when the kept run starts later (another node wrote the beginning, or it was answered
    /// already) it is the store's. What is answered here is every kept activity from there on, and the
    /// conversation's kept activities are dropped with the answer: a second poll from the same watermark
    /// (a retry) or from one inside what was answered goes to the store; activities kept after it follow
    /// on as before.
    /// </summary>
    public IReadOnlyList<DirectLineActivityRecord>? TryRead(string conversationId, long? watermark, TimeSpan fresh)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        // No watermark is "from before the first activity": answered here only from a run that starts at 0.
        var next = (watermark ?? -1) + 1;
        lock (_gate)
        {
            if (!_entries.TryGetValue(conversationId, out var entry) || entry.Records.Count == 0) return null;
            if (time.GetElapsedTime(entry.KeptAt) > fresh) return null;
            var first = entry.Records[0].Watermark!.Value;
            var last = entry.Records[^1].Watermark!.Value;
            if (next < first || next > last) return null;
            var answer = entry.Records.GetRange((int)(next - first), (int)(last - next + 1));
            entry.Records.Clear();
            return answer;
        }
    }

    /// <summary>
    /// Notes that this node has just started <paramref name="conversationId"/> (committed, with no activities):
    /// forgets anything kept under its id before, and lets <see cref="StartedHereLately"/> say so for
    /// <paramref name="fresh"/>, until this node keeps an activity of it.
    /// </summary>
    public void Started(string conversationId, TimeSpan fresh)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (time.GetElapsedTime(_sweptAt, now) > fresh) Sweep(now, fresh);
            _entries[conversationId] = new Entry { KeptAt = now };
        }
    }

    /// <summary>
    /// True when this node started the conversation within <paramref name="fresh"/> and has kept none of
    /// its activities since: it is there (unless erased on another node in these few seconds), and this
    /// node has written nothing to it. Whether another node has is not known here.
    /// </summary>
    public bool StartedHereLately(string conversationId, TimeSpan fresh)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        lock (_gate)
        {
            return _entries.TryGetValue(conversationId, out var entry) && !entry.KeptAny
                && time.GetElapsedTime(entry.KeptAt) <= fresh;
        }
    }

    /// <summary>
    /// Keeps nothing of <paramref name="conversationId"/> (for activities committed that no poll here is expected to
    /// ask for: its client reads them from its stream): what was kept of it is dropped, and
    /// <see cref="StartedHereLately"/> says false of it from now on, since it has been written to. A poll of it goes
    /// to the store, which has them.
    /// </summary>
    public void Forget(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        lock (_gate) _entries.Remove(conversationId);
    }

    /// <summary>Under the lock: drops every conversation not written to here within <paramref name="fresh"/>.</summary>
    private void Sweep(long now, TimeSpan fresh)
    {
        _sweptAt = now;
        List<string>? stale = null;
        foreach (var (id, entry) in _entries)
        {
            if (time.GetElapsedTime(entry.KeptAt, now) > fresh) (stale ??= []).Add(id);
        }
        if (stale is null) return;
        foreach (var id in stale) _entries.Remove(id);
    }

    private sealed class Entry
    {
        public List<DirectLineActivityRecord> Records { get; } = new(PerConversation);

        public long KeptAt { get; set; }

        /// <summary>Whether this node has kept any activity of it since it was started here (its records may since have been answered and dropped).</summary>
        public bool KeptAny { get; set; }
    }
}
