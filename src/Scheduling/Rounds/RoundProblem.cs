namespace CoProduction.Scheduling.Rounds;

/// <summary>
/// Some of a round's invitations that have not gone, for one plain reason (what the sender last
/// heard, e.g. "Twilio was not answering..."): still to be tried again, or given up on.
/// </summary>
public sealed record RoundProblem(int Count, string Reason, bool WillRetry)
{
    /// <summary>"3 invitations are waiting to be tried again." / "1 invitation could not be sent."</summary>
    public string Summary => (Count == 1 ? "1 invitation " : $"{Count} invitations ")
        + (WillRetry ? (Count == 1 ? "is waiting to be tried again." : "are waiting to be tried again.") : "could not be sent.");
}
