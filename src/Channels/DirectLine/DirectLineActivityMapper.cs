using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The pure part of the channel: what the service writes over whatever a client sent, and the
/// ids activities get. No I/O, so every rule here is tested as data.
/// </summary>
public static class DirectLineActivityMapper
{
    public const string ChannelId = "directline";

    /// <summary>The longest message we read; longer is not an answer to a survey question.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The survey reads no attachments; a few are let through for clients that send them.</summary>
    public const int MaxAttachments = 10;

    /// <summary>
    /// What a client may send. Typing is passed on to other listeners only; conversationUpdate,
    /// invoke and the rest are for the service or the bot to send, not a browser.
    /// </summary>
    public static readonly IReadOnlySet<string> AcceptedTypes =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ActivityTypes.Message, ActivityTypes.Typing, ActivityTypes.Event };

    /// <summary>"conversationId|0000042": Azure's shape; Web Chat only needs it to be present and unique.</summary>
    public static string ActivityId(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The longest client activity id taken (Web Chat's are about 20 characters); the store keeps as many.</summary>
    public const int MaxClientActivityIdLength = 128;

    /// <summary>
    /// "conversationId|m" and 16 random hex digits: a visitor's activity, named before it is
    /// numbered (its id is the bot turn's message id, and it is kept with the turn's replies).
    /// </summary>
    public static string InboundId(string conversationId) =>
        conversationId + "|m" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// As <see cref="InboundId(string)"/>, the 16 hex digits taken from the client's id for the
    /// activity: the same post again gets the same id, so its POST is answered with the same id and
    /// its turn is the same message (recorded once, by the message id's unique key).
    /// </summary>
    public static string InboundId(string conversationId, string clientActivityId)
    {
        ArgumentNullException.ThrowIfNull(clientActivityId);
        // The hash's first 8 bytes as 16 hex digits, with no array for the hash or text for the other 48 digits.
        Span<byte> hash = stackalloc byte[System.Security.Cryptography.SHA256.HashSizeInBytes];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clientActivityId), hash);
        return string.Concat(conversationId, "|m", Convert.ToHexStringLower(hash[..8]));
    }

    /// <summary>The client's own id for an activity: Web Chat's channelData.clientActivityID, else the posted id.</summary>
    public static string? ClientActivityId(Activity sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var fromChannelData = sent.ChannelData is Newtonsoft.Json.Linq.JObject data
            && data.TryGetValue("clientActivityID", StringComparison.Ordinal, out var value)
            && value.Type == Newtonsoft.Json.Linq.JTokenType.String
                ? (string?)value
                : null;
        var id = string.IsNullOrWhiteSpace(fromChannelData) ? sent.Id : fromChannelData;
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }

    /// <summary>
    /// Stamps a client's activity. Whatever the client claimed, it is from a user, in this
    /// conversation, on this channel, now; with a token that names a user, from.id is that user,
    /// so one person cannot speak as another. channelData is kept: Web Chat finds its own
    /// message in the echo by channelData.clientActivityID, which (else the posted id) is also
    /// taken as the client's id for the activity, so a repeated post is answered once.
    /// </summary>
    public static DirectLineInbound Inbound(
        Activity? sent,
        DirectLineConversation conversation,
        string? tokenUserId,
        ChannelAccount bot,
        Uri serviceUrl,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(serviceUrl);

        if (sent is null)
        {
            return DirectLineInbound.Refused("The body must be an activity: a JSON object with a \"type\".");
        }

        if (string.IsNullOrWhiteSpace(sent.Type))
        {
            return DirectLineInbound.Refused("The activity has no \"type\". Send \"message\", \"typing\" or \"event\".");
        }

        if (!AcceptedTypes.Contains(sent.Type))
        {
            return DirectLineInbound.Refused("Activities of this type cannot be sent. Send \"message\", \"typing\" or \"event\".");
        }

        var userId = tokenUserId ?? conversation.UserId ?? sent.From?.Id;
        if (string.IsNullOrWhiteSpace(userId))
        {
            return DirectLineInbound.Refused("The activity has no \"from\" with an \"id\" for the user.");
        }

        if (userId.Length > 256)
        {
            return DirectLineInbound.Refused("The user id is too long: use at most 256 characters.");
        }

        if (sent.Text is { Length: > MaxTextLength })
        {
            return DirectLineInbound.Refused($"The message is too long: send at most {MaxTextLength} characters.");
        }

        if (sent.Attachments is { Count: > MaxAttachments })
        {
            return DirectLineInbound.Refused($"Send at most {MaxAttachments} attachments with one message.");
        }

        var clientActivityId = sent.Type.Equals(ActivityTypes.Typing, StringComparison.OrdinalIgnoreCase) ? null : ClientActivityId(sent);
        if (clientActivityId is not null && (clientActivityId.Length > MaxClientActivityIdLength || clientActivityId.Contains('\0', StringComparison.Ordinal)))
        {
            return DirectLineInbound.Refused($"The activity's clientActivityID (or id) must be text of at most {MaxClientActivityIdLength} characters.");
        }

        if (sent.Text is not null)
        {
            sent.Text = XmlSafeText.Clean(sent.Text);
        }

        var name = sent.From?.Id == userId ? sent.From?.Name : conversation.UserName ?? sent.From?.Name;
        sent.Type = sent.Type.ToLowerInvariant() switch
        {
            "message" => ActivityTypes.Message,
            "typing" => ActivityTypes.Typing,
            _ => ActivityTypes.Event,
        };
        sent.Id = null;
        sent.ChannelId = ChannelId;
        sent.Conversation = new ConversationAccount(id: conversation.Id);
        sent.From = new ChannelAccount(userId, name, RoleTypes.User);
        sent.Recipient = new ChannelAccount(bot.Id, bot.Name, RoleTypes.Bot);
        sent.ServiceUrl = serviceUrl.ToString();
        sent.Timestamp = now;
        sent.ReplyToId = null;
        return new DirectLineInbound(sent, null, clientActivityId);
    }

    /// <summary>
    /// Stamps one of the bot's activities before it is stored: always from the bot (role "bot"),
    /// in this conversation, timed now. The bot's replyToId and content are kept.
    /// </summary>
    public static Activity Outbound(Activity reply, string conversationId, ChannelAccount bot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(bot);

        // A shallow copy, not a JSON round trip (twice Newtonsoft per reply): every field stamped here
        // is replaced rather than changed in place, so the bot's own activity is never altered, and the
        // copy is written out before the turn goes on.
        var stamped = (Activity)ShallowCopy(reply);
        stamped.ChannelId = ChannelId;
        stamped.Conversation = new ConversationAccount(id: conversationId);
        stamped.From = new ChannelAccount(
            string.IsNullOrEmpty(stamped.From?.Id) ? bot.Id : stamped.From.Id,
            string.IsNullOrEmpty(stamped.From?.Name) ? bot.Name : stamped.From.Name,
            RoleTypes.Bot);
        stamped.Timestamp = now;
        stamped.Id = null;
        return stamped;
    }

    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    /// <summary>Azure tells the bot who joined with a conversationUpdate; it is not shown to clients.</summary>
    public static Activity MembersAdded(DirectLineConversation conversation, ChannelAccount member, ChannelAccount bot, Uri serviceUrl, DateTimeOffset now, string? userId)
    {
        var update = Activity.CreateConversationUpdateActivity();
        update.Id = conversation.Id + "|cu-" + Guid.NewGuid().ToString("N")[..12];
        update.ChannelId = ChannelId;
        update.Conversation = new ConversationAccount(id: conversation.Id);
        update.MembersAdded = [member];
        update.Recipient = new ChannelAccount(bot.Id, bot.Name, RoleTypes.Bot);
        // As on Azure: the update comes "from" the user when known, so a bot's
        // ConversationReference (taken from it) points at the right person.
        update.From = userId is null ? new ChannelAccount(bot.Id, bot.Name, RoleTypes.Bot) : new ChannelAccount(userId, conversation.UserName, RoleTypes.User);
        update.ServiceUrl = serviceUrl.ToString();
        update.Timestamp = now;
        return (Activity)update;
    }
}
