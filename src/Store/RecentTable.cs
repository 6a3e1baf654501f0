using System.Collections.Concurrent;

namespace CoProduction.Store;

/// <summary>
/// A table of recent results kept to save work (a phone number parsed, a state written), emptied
/// when it reaches its limit so that memory stays flat whoever writes. It counts its own entries:
/// <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every one of the dictionary's locks
/// (up to 1,024 once its table has grown), and asking it before each addition was 0.8% of an SMS
/// turn's samples at 8 phones (twelfth round): one lock taken per entry the table once held. The count
/// can be off by the few additions that race a clearing; the table still holds about
/// <c>limit</c> entries at most.
/// </summary>
internal sealed class RecentTable<TKey, TValue>(int limit, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);
    private int _count;

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Keeps the value (in place of one kept for the key), emptying the table first when it is full.</summary>
    public void Set(TKey key, TValue value)
    {
        if (Volatile.Read(ref _count) >= limit)
        {
            // The count first: an addition racing the clearing is then counted though cleared (the
            // table empties a little early), never kept uncounted.
            Interlocked.Exchange(ref _count, 0);
            _entries.Clear();
        }
        if (_entries.TryAdd(key, value)) Interlocked.Increment(ref _count);
        else _entries[key] = value;
    }

    public void Remove(TKey key)
    {
        if (_entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
    }

    /// <summary>The entries kept now, counted exactly (takes every lock: for tests).</summary>
    public int Count => _entries.Count;
}
