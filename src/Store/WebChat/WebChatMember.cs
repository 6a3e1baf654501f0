namespace CoProduction.Store.WebChat;

/// <summary>Someone who has joined a web chat; the key makes "joined" true only once, whichever node hears it first.</summary>
public sealed class WebChatMember
{
    public required string ConversationId { get; set; }

    public required string MemberId { get; set; }
}
