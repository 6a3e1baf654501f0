using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Translates between Twilio's SMS webhook and Bot Framework activities, with no I/O, so
/// the translation can be tested from recorded payloads.
/// </summary>
public sealed class TwilioSmsMapper(TimeProvider timeProvider)
{
    public const string ChannelId = "sms";

    /// <summary>Twilio's ids are 34 characters ("SM" and 32 hex digits); anything much longer is not one.</summary>
    public const int MaxSidLength = 64;

    /// <summary>Not a real URL: replies go back in the webhook response or via the REST API.</summary>
    public const string ServiceUrl = "urn:twilio:sms";

    public TwilioMapResult Map(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);

        // Twilio has sent the id under all three names over the years; MessageSid is current.
        var messageSid = First(form, "MessageSid", "SmsSid", "SmsMessageSid");
        var from = First(form, "From");
        if (from is null || messageSid is null)
        {
            var missing = (from, messageSid) switch
            {
                (null, null) => "From and no MessageSid",
                (null, _) => "From",
                _ => "MessageSid",
            };
            return TwilioMapResult.Invalid($"This text message could not be read: it has no {missing}.");
        }

        if (messageSid!.Length > MaxSidLength)
        {
            return TwilioMapResult.Invalid("This text message could not be read: its MessageSid is not a Twilio id.");
        }

        var to = First(form, "To");
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = messageSid,
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Timestamp = timeProvider.GetUtcNow(),
            // The person's number is the conversation: one ongoing thread per phone.
            Conversation = new ConversationAccount(id: from),
            From = new ChannelAccount(id: from, role: RoleTypes.User),
            Recipient = new ChannelAccount(id: to, role: RoleTypes.Bot),
            Text = form.TryGetValue("Body", out var body) ? body : string.Empty,
            Attachments = Media(form),
            // Everything Twilio sent, for anything downstream that needs a field we did not map.
            ChannelData = form is Dictionary<string, string> { Comparer: var comparer } fields && comparer == StringComparer.Ordinal
                ? fields // already an ordinal copy of its own (TwilioWebhookForm.Fields): not copied again on every text
                : new Dictionary<string, string>(form, StringComparer.Ordinal),
        };

        return TwilioMapResult.Success(activity);
    }

    /// <summary>Replies to the webhook as TwiML (<see cref="SmsTwiml"/>).</summary>
    public static string ToTwiml(IEnumerable<IActivity> activities) => SmsTwiml.ToString(activities);

    /// <summary>
    /// Where proactive messages to a person go (survey invitations): the same shape an
    /// incoming text from them would produce, so replies land in the same conversation.
    /// </summary>
    public static ConversationReference ToConversationReference(string personNumber, string? ourNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(personNumber);
        return new ConversationReference
        {
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Conversation = new ConversationAccount(id: personNumber),
            User = new ChannelAccount(id: personNumber, role: RoleTypes.User),
            Bot = new ChannelAccount(id: ourNumber, role: RoleTypes.Bot),
        };
    }

    private static List<Attachment> Media(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("NumMedia", out var numMediaText) || !int.TryParse(numMediaText, out var numMedia) || numMedia <= 0)
        {
            return [];
        }

        var attachments = new List<Attachment>();
        // Twilio allows at most 10 media per message; the bound guards against a forged count.
        for (var i = 0; i < Math.Min(numMedia, 10); i++)
        {
            if (form.TryGetValue($"MediaUrl{i}", out var url) && !string.IsNullOrEmpty(url))
            {
                form.TryGetValue($"MediaContentType{i}", out var contentType);
                attachments.Add(new Attachment(contentType: contentType, contentUrl: url));
            }
        }

        return attachments;
    }

    private static string? First(IReadOnlyDictionary<string, string> form, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (form.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }
}
