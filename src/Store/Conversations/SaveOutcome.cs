namespace CoProduction.Store.Conversations;

public enum SaveOutcome
{
    /// <summary>Everything in the turn was recorded.</summary>
    Saved,

    /// <summary>
    /// This inbound message was handled before (a webhook retry): nothing was recorded; answer
    /// with the replies from <see cref="ConversationStore.FindRepliesAsync"/>.
    /// </summary>
    Duplicate,

    /// <summary>
    /// Another message from the same person was saved after this turn's state was loaded (two
    /// texts at once), or another turn added the same new person meanwhile (two first texts from
    /// a new phone at once). Nothing was recorded; load again and run the turn again.
    /// </summary>
    Conflict,
}
