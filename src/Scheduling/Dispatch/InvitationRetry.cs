using CoProduction.Store.Model;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// Putting an invitation back in the queue after an attempt that reached nobody (a send that can
/// be retried, a call nobody or a machine answered), with the same backoff and attempt limit everywhere.
/// </summary>
public static class InvitationRetry
{
    public static bool CanRetry(Invitation invitation, SchedulingOptions settings) => invitation.Attempts < settings.MaxAttempts;

    /// <summary>Waits for the dispatcher again after the backoff; <paramref name="reason"/> shows on the round page.</summary>
    public static void Requeue(Invitation invitation, SchedulingOptions settings, DateTimeOffset now, string? reason)
    {
        invitation.Status = InvitationStatus.Pending;
        invitation.NotBefore = now + settings.BackoffAfter(invitation.Attempts);
        invitation.LastError = reason;
    }
}
