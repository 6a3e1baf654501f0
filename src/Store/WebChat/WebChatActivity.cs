namespace CoProduction.Store.WebChat;

/// <summary>One kept activity of a web chat, as the client receives it (JSON); its sequence is its watermark.</summary>
public sealed class WebChatActivity
{
    public long Id { get; set; }

    public required string ConversationId { get; set; }

    public long Sequence { get; set; }

    public required string Json { get; set; }
}
