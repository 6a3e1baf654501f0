using System.Globalization;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoProduction.Channels.Voice;

/// <summary>
/// The channel-neutral convention by which a bot tells a phone call how to listen for an
/// answer. A bot sends ordinary message activities; for voice it may add to
/// <c>activity.ChannelData</c>:
/// <code>
/// {
///   "gather": {
///     "numDigits": 1,          // stop listening after this many keys (default: no limit)
///     "finishOnKey": "#",      // key that ends typing (default "#"; "" means none)
///     "timeoutSeconds": 5,     // silence before giving up (default Voice:GatherTimeoutSeconds)
///     "slowPace": false,       // true: Voice:SlowGatherTimeoutSeconds instead
///     "hints": ["friends", "family"], // extra words for the speech recogniser
///     "keys": true,            // accept key presses (default true)
///     "speech": true,          // accept speech (default true)
///     "speechOnly": false,     // shorthand for keys: false
///     "readChoices": true      // read suggested actions as "Press 1 for ..." (default true)
///   },
///   "hangup": false            // true: end the call after this activity's words
/// }
/// </code>
/// Any object that serialises to that JSON works (an anonymous object, a JObject, a
/// dictionary, a System.Text.Json element or a JSON string). The activity's
/// <c>Locale</c> ("en", "cy") picks the voice. Its suggested actions are the choices: key N
/// means the Nth choice, and the adapter hands the bot that choice's value as the text, just
/// as a click on the Nth button would in web chat. An activity "expects input" when it has
/// a gather spec, suggested actions, or <c>InputHint = expectingInput</c>; the last such
/// activity in a turn becomes the &lt;Gather&gt;.
/// </summary>
public sealed record VoiceGather
{
    public const string PropertyName = "gather";
    public const string HangupPropertyName = "hangup";

    public int? NumDigits { get; init; }

    public string? FinishOnKey { get; init; }

    public int? TimeoutSeconds { get; init; }

    public bool SlowPace { get; init; }

    public IReadOnlyList<string> Hints { get; init; } = [];

    public bool Keys { get; init; } = true;

    public bool Speech { get; init; } = true;

    public bool ReadChoices { get; init; } = true;

    /// <summary>The gather spec in the activity's channel data, or null when it has none (or it is unreadable).</summary>
    public static VoiceGather? From(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (ChannelDataObject(activity.ChannelData) is not { } data
            || data.GetValue(PropertyName, StringComparison.OrdinalIgnoreCase) is not JObject gather)
        {
            return null;
        }

        var speechOnly = Bool(gather, "speechOnly") ?? false;
        return new VoiceGather
        {
            NumDigits = Int(gather, "numDigits") is > 0 and var n ? n : null,
            FinishOnKey = gather.GetValue("finishOnKey", StringComparison.OrdinalIgnoreCase) is JValue { Type: JTokenType.String } key ? (string?)key : null,
            TimeoutSeconds = Int(gather, "timeoutSeconds") is > 0 and var t ? t : null,
            SlowPace = Bool(gather, "slowPace") ?? false,
            Hints = gather.GetValue("hints", StringComparison.OrdinalIgnoreCase) is JArray hints
                ? hints.OfType<JValue>().Select(h => Convert.ToString(h.Value, CultureInfo.InvariantCulture))
                    .Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!.Trim()).ToArray()
                : [],
            Keys = !speechOnly && (Bool(gather, "keys") ?? true),
            Speech = Bool(gather, "speech") ?? true,
            ReadChoices = Bool(gather, "readChoices") ?? true,
        };
    }

    /// <summary>True when the activity asks for the call to end after its words.</summary>
    public static bool AsksToHangUp(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return ChannelDataObject(activity.ChannelData) is { } data && (Bool(data, HangupPropertyName) ?? false);
    }

    /// <summary>
    /// Channel data arrives in many shapes: in-process it is whatever object the bot set, over
    /// the wire a JObject. Anything unreadable is treated as no channel data, never an error,
    /// because a bad hint must not cut a caller off.
    /// </summary>
    internal static JObject? ChannelDataObject(object? channelData)
    {
        try
        {
            return channelData switch
            {
                null => null,
                JObject o => o,
                string s when s.TrimStart().StartsWith('{') => JObject.Parse(s),
                string => null,
                System.Text.Json.JsonElement e when e.ValueKind == System.Text.Json.JsonValueKind.Object => JObject.Parse(e.GetRawText()),
                System.Text.Json.Nodes.JsonObject n => JObject.Parse(n.ToJsonString()),
                _ => JToken.FromObject(channelData) as JObject,
            };
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static bool? Bool(JObject o, string name) =>
        o.GetValue(name, StringComparison.OrdinalIgnoreCase) switch
        {
            JValue { Type: JTokenType.Boolean } v => (bool)v,
            JValue { Type: JTokenType.String } v when bool.TryParse((string?)v, out var b) => b,
            _ => null,
        };

    private static int? Int(JObject o, string name) =>
        o.GetValue(name, StringComparison.OrdinalIgnoreCase) switch
        {
            // Clamped, not cast: a silly number from a bot must not throw mid-call.
            JValue { Type: JTokenType.Integer } v => (int)Math.Clamp(Convert.ToDouble(v.Value, CultureInfo.InvariantCulture), 0, 3600),
            JValue { Type: JTokenType.Float } v => (int)Math.Clamp(Math.Round(Convert.ToDouble(v.Value, CultureInfo.InvariantCulture)), 0, 3600),
            JValue { Type: JTokenType.String } v when int.TryParse((string?)v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
            _ => null,
        };
}
