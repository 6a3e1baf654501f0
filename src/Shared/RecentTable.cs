using System.Collections.Concurrent;

namespace CoProduction;

/// <summary>
/// A table of recent results kept to save work (a phone number parsed, a state written, a web chat
/// token checked), bounded so that memory stays flat whoever writes: when it reaches its limit, the
/// entries <c>isStale</c> calls stale are dropped first (when given), and if that leaves nine in ten
/// or more, all are forgotten. It counts its own entries:
/// <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every one of the dictionary's locks
/// (up to 1,024 once its table has grown), and asking it before each addition was 0.8% of an SMS
/// turn's samples at 8 phones (twelfth round) and 0.5% of a web chat turn's (nineteenth round). The
/// count can be off by the few additions or removals that race a clearing; the table still holds
/// about <c>limit</c> entries at most.
/// </summary>
/// <remarks>
/// One source file compiled into each project that keeps such a table (Store and Channels, which do
/// not reference each other: see their project files), so the rule lives in one place.
/// </remarks>
internal sealed class RecentTable<TKey, TValue>(int limit, IEqualityComparer<TKey>? comparer = null, Func<TValue, bool>? isStale = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);
    private int _count;

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Keeps the value (in place of one kept for the key), making room first when the table is full.</summary>
    public void Set(TKey key, TValue value)
    {
        if (Volatile.Read(ref _count) >= limit) MakeRoom();
        if (_entries.TryAdd(key, value)) Interlocked.Increment(ref _count);
        else _entries[key] = value;
    }

    public void Remove(TKey key)
    {
        if (_entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
    }

    /// <summary>Forgets every entry (for a change that makes them all wrong, such as a new secret).</summary>
    public void Clear()
    {
        // The count first: an addition racing the clearing is then counted though cleared (the
        // table makes room a little early), never kept uncounted.
        Interlocked.Exchange(ref _count, 0);
        _entries.Clear();
    }

    /// <summary>The entries kept now, counted exactly (takes every lock: for tests).</summary>
    public int Count => _entries.Count;

    private void MakeRoom()
    {
        if (isStale is not null)
        {
            foreach (var (key, value) in _entries)
            {
                if (isStale(value)) Remove(key);
            }
            if (Volatile.Read(ref _count) < limit * 9 / 10) return;
        }
        Clear();
    }
}
