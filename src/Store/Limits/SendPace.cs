namespace CoProduction.Store.Limits;

/// <summary>
/// When a sending number may next send, shared by every node that sends from it, so the
/// messages-per-second rate Twilio allows a number holds across nodes.
/// </summary>
public sealed class SendPace
{
    public required string Number { get; set; }

    /// <summary>UTC ticks: exact on both providers (SQLite's date conversion keeps only tenths of a millisecond).</summary>
    public long NextFreeTicks { get; set; }
}
