namespace CoProduction.Scheduling.Starting;

public enum StartOutcome
{
    /// <summary>Texted or called: <see cref="StartResult.ProviderId"/> matches later status callbacks.</summary>
    Sent,
    /// <summary>The carrier says the person opted out (Twilio 21610): never try again.</summary>
    OptedOut,
    /// <summary>Not now (rate limited, a network error): the dispatcher tries again later, with backoff.</summary>
    Retry,
    /// <summary>Will never work (no phone, bad number, no such survey).</summary>
    Failed,
}

/// <summary>
/// How a start went. Reasons (a sent one's too, when not all of it went) are plain English for the round page and never hold a phone number.
/// <see cref="Messages"/> is how many messages went out (an SMS survey's intro and first question
/// are two), which is what the sending number's rate counts.
/// </summary>
/// <param name="Unsent">The texts that did not go when some before them did: kept on the invitation and sent alone by its retry.</param>
public sealed record StartResult(StartOutcome Outcome, string? ProviderId = null, string? Reason = null, int Messages = 0, IReadOnlyList<string>? Unsent = null)
{
    public static StartResult Sent(string providerId, int messages = 1) => new(StartOutcome.Sent, providerId, Messages: messages);
    /// <summary>
    /// The first text went but a later one did not (an SMS survey's question after its intro): not
    /// sent yet. A retry sends only <paramref name="unsent"/>, since sending the first again would
    /// repeat it; when the retries give up, it fails with <paramref name="reason"/> on the round page.
    /// </summary>
    public static StartResult PartlySent(int messages, string reason, IReadOnlyList<string> unsent, bool retryable) =>
        new(retryable ? StartOutcome.Retry : StartOutcome.Failed, Reason: reason, Messages: messages, Unsent: unsent);
    public static StartResult OptedOut(string reason) => new(StartOutcome.OptedOut, Reason: reason);
    public static StartResult Retry(string reason) => new(StartOutcome.Retry, Reason: reason);
    public static StartResult Failed(string reason) => new(StartOutcome.Failed, Reason: reason);
}
