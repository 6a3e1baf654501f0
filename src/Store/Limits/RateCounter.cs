namespace CoProduction.Store.Limits;

/// <summary>
/// How many requests one key (say, a client address) has made in the current fixed window,
/// counted in the shared store so the limit holds however many nodes serve the requests.
/// </summary>
public sealed class RateCounter
{
    public required string Key { get; set; }

    /// <summary>The window's start, in whole seconds since 1970 (UTC).</summary>
    public long Window { get; set; }

    public int Count { get; set; }
}
