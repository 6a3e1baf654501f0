namespace CoProduction.Store.Model;

/// <summary>
/// Where one invitation is. Moves forward only (see <see cref="InvitationStatusRules"/>): a late or
/// repeated delivery callback can never take a completed invitation back to "delivered".
/// </summary>
public enum InvitationStatus
{
    /// <summary>Waiting for its time (opening time, quiet hours, a retry, another open survey).</summary>
    Pending,
    /// <summary>Claimed by a dispatcher that is sending it now.</summary>
    Sending,
    Sent,
    Delivered,
    /// <summary>The person began: answered the first question, or opened it themselves (call, chat link).</summary>
    Started,
    Completed,
    OptedOut,
    /// <summary>Could not be sent after the retries, or the carrier reported it undeliverable.</summary>
    Failed,
    /// <summary>The round closed (or the check-in window passed) before the person finished.</summary>
    Expired,
}

public static class InvitationStatusRules
{
    /// <summary>True once nothing more can happen to the invitation.</summary>
    public static bool IsFinal(this InvitationStatus status) =>
        status is InvitationStatus.Completed or InvitationStatus.OptedOut or InvitationStatus.Failed or InvitationStatus.Expired;

    /// <summary>Whether <paramref name="next"/> is a step forward from <paramref name="current"/>.</summary>
    public static bool CanMoveTo(this InvitationStatus current, InvitationStatus next) =>
        !current.IsFinal() && (next.IsFinal() || next > current);

    public static readonly InvitationStatus[] Final =
        [InvitationStatus.Completed, InvitationStatus.OptedOut, InvitationStatus.Failed, InvitationStatus.Expired];

    /// <summary>Sent but not finished: the survey is open with the person.</summary>
    public static readonly InvitationStatus[] Open =
        [InvitationStatus.Sending, InvitationStatus.Sent, InvitationStatus.Delivered, InvitationStatus.Started];
}
