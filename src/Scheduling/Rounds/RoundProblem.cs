namespace CoProduction.Scheduling.Rounds;

/// <summary>
/// Some of a round's invitations that have not gone, for one plain reason (what the sender last
/// heard, e.g. "Twilio was not answering..."): still to be tried again, or given up on; or that
/// went, not answered yet, with a note that they may not have arrived whole.
/// </summary>
public sealed record RoundProblem(int Count, string Reason, bool WillRetry, bool WentOut = false)
{
    /// <summary>"3 invitations are waiting to be tried again." / "1 invitation could not be sent." / "1 invitation was sent, but something went wrong:"</summary>
    public string Summary => (Count == 1 ? "1 invitation " : $"{Count} invitations ")
        + (WentOut ? (Count == 1 ? "was sent, but something went wrong:" : "were sent, but something went wrong:")
            : WillRetry ? (Count == 1 ? "is waiting to be tried again." : "are waiting to be tried again.") : "could not be sent.");
}
