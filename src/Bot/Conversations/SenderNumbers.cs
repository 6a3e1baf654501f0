using System.Collections.Concurrent;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The E.164 form of the number a text or call came from, remembered for the next turn: the
/// phone-number library's parse was about 1% of an SMS turn's CPU, and a person sends several
/// texts in a row. Bounded: when it holds <see cref="Capacity"/> numbers it starts again empty.
/// Kept in memory only, never logged.
/// </summary>
public static class SenderNumbers
{
    public const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, string?> Parsed = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The number as <see cref="Store.PhoneNumbers.FromNetwork"/> reads it (null when it is not a usable number).</summary>
    public static string? FromNetwork(string raw)
    {
        if (Parsed.TryGetValue(raw, out var e164)) return e164;
        e164 = Store.PhoneNumbers.FromNetwork(raw);
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Parsed.Clear();
            Interlocked.Exchange(ref _count, 1);
        }
        Parsed[raw] = e164;
        return e164;
    }

    /// <summary>How many numbers are remembered now (for tests of the bound).</summary>
    internal static int Count => Parsed.Count;
}
