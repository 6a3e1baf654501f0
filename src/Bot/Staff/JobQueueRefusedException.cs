namespace CoProduction.Bot.Staff;

/// <summary>
/// The job queue (Hangfire's storage) would not take the job that starts something, so nothing was
/// started and nothing was sent. The message is plain English for staff; the HTTP error boundary
/// (<see cref="CoProduction.Bot.Hosting.JobQueueRefusedHandler"/>) makes it a 503 and pages show it.
/// </summary>
public sealed class JobQueueRefusedException(string message, Exception inner) : Exception(message, inner)
{
    public const string RoundNotStarted = "We could not start this round just now. Nothing was sent. Please try again in a few minutes.";

    public const string ResultsNotReleased = "We could not release these results just now. Nothing was published or sent. Please try again in a few minutes.";

    public const string VoteNotOpened = "We could not open this vote just now. Nothing was sent. Please try again in a few minutes.";

    /// <summary>A new vote is kept (so asking again does not make a second one); only its opening waits.</summary>
    public static string VoteSavedNotOpened(Guid id) =>
        $"The vote is saved, but we could not open it just now, so nothing was sent. Please open it in a few minutes: POST /api/votes/{id}/open.";
}
