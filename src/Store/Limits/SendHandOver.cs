namespace CoProduction.Store.Limits;

/// <summary>
/// Messages one sender handed to the provider from a sending number, kept for about a second so
/// that every node can see how many went in the last second before it hands over more (the
/// one-second rule a number's rate means). A row is written before the hand-over, marked as
/// still under way, and closed with the moment it ended and the messages that went.
/// </summary>
public sealed class SendHandOver
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    /// <summary>UTC ticks when the hand-over began.</summary>
    public long StartedTicks { get; set; }

    /// <summary>UTC ticks when it ended (every message had gone by then); <see cref="long.MaxValue"/> while under way.</summary>
    public long EndedTicks { get; set; }

    public int Messages { get; set; }
}
