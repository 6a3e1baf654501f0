namespace CoProduction.Bot.Staff;

/// <summary>
/// The job queue (Hangfire's storage) would not take the job that starts something, so nothing was
/// started and nothing was sent. The message is plain English for staff; the HTTP error boundary
/// (<see cref="CoProduction.Bot.Hosting.JobQueueRefusedHandler"/>) makes it a 503 and pages show it.
/// </summary>
public sealed class JobQueueRefusedException(string message, Exception inner) : Exception(message, inner)
{
    public const string RoundNotStarted = "We could not start this round just now. Nothing was sent. Please try again in a few minutes.";
}
