namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A bot that says on which channels it acts on a new conversation's "members added" turns (the
/// conversationUpdate for the bot, then the one for the user, that Azure sends when a chat starts).
/// Where it does not, <see cref="DirectLineAdapter"/> skips those turns: each is a whole Bot Framework
/// turn (an activity, a turn context, the bot's pipeline) run on every chat's start for nothing. The
/// user still joins the conversation as before. A bot that does not implement this hears them all.
/// </summary>
public interface IMembersAddedListener
{
    /// <summary>True when the bot does something with a "members added" conversationUpdate on <paramref name="channelId"/>.</summary>
    bool HearsMembersAdded(string channelId);
}
