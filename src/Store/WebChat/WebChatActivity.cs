namespace CoProduction.Store.WebChat;

/// <summary>One kept activity of a web chat, as the client receives it (JSON); its sequence is its watermark.</summary>
public sealed class WebChatActivity
{
    public long Id { get; set; }

    public required string ConversationId { get; set; }

    public long Sequence { get; set; }

    public required string Json { get; set; }

    /// <summary>
    /// The id the client gave a visitor's activity (Web Chat's clientActivityID), when it gave one:
    /// unique in its conversation, so an activity posted twice (a retry) is kept once.
    /// </summary>
    public string? ClientActivityId { get; set; }
}
