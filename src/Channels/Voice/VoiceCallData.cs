using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CoProduction.Channels.Voice;

/// <summary>
/// The ChannelData of every activity the voice adapter gives the bot: what the bot may need
/// about the call beyond the text. Serialises with the camelCase names below, so a bot
/// reading it as JSON (for example after a trip through storage) sees the same fields.
/// </summary>
public sealed record VoiceCallData
{
    [JsonProperty("callSid")]
    public string CallSid { get; init; } = string.Empty;

    /// <summary>"inbound" or "outbound-api", as Twilio says.</summary>
    [JsonProperty("direction")]
    public string? Direction { get; init; }

    /// <summary>One of <see cref="VoiceInputType"/>.</summary>
    [JsonProperty("inputType")]
    public string InputType { get; init; } = VoiceInputType.None;

    /// <summary>Twilio's speech confidence, 0 to 1; null for keys and silence.</summary>
    [JsonProperty("confidence")]
    public double? Confidence { get; init; }

    /// <summary>
    /// The keys pressed, when the adapter turned them into a choice's value (the text is then
    /// the value), so the bot can still tell a key press from a spoken answer.
    /// </summary>
    [JsonProperty("keys")]
    public string? Keys { get; init; }

    /// <summary>Twilio's machine detection result on outbound calls: human, machine_start, fax...</summary>
    [JsonProperty("answeredBy")]
    public string? AnsweredBy { get; init; }

    /// <summary>Our invitation id, when the call was one we made for an invitation.</summary>
    [JsonProperty("invitation")]
    public string? Invitation { get; init; }

    /// <summary>True when the caller said nothing before the gather timed out.</summary>
    [JsonProperty("noInput")]
    public bool NoInput { get; init; }

    /// <summary>0 for the call's start, then one more for each answer or silence.</summary>
    [JsonProperty("turn")]
    public int Turn { get; init; }

    [JsonProperty("callStatus")]
    public string? CallStatus { get; init; }

    /// <summary>Reads the call data back from an activity, whatever shape its ChannelData has taken.</summary>
    public static VoiceCallData? From(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ChannelData is VoiceCallData data)
        {
            return data;
        }

        try
        {
            return VoiceGather.ChannelDataObject(activity.ChannelData) is JObject o && o["callSid"] is not null
                ? o.ToObject<VoiceCallData>()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
