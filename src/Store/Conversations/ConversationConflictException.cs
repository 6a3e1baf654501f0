namespace CoProduction.Store.Conversations;

/// <summary>
/// Other turns for the same person kept saving first, however often this turn ran again. Not a
/// bug and not the person's fault: the channel asks them (or Twilio) to try again shortly.
/// </summary>
public sealed class ConversationConflictException(int attempts)
    : Exception($"The conversation kept changing under this turn after {attempts} attempts.");
