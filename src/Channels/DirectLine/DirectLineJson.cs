using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Activity (de)serialisation. Bot Framework's schema types carry Newtonsoft attributes, so
/// Newtonsoft it is. Dates inside free-form fields (channelData) are left as strings, so what a
/// client put there (Web Chat's clientActivityID and clientTimestamp) comes back byte for byte.
/// </summary>
public static class DirectLineJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        MaxDepth = 32,
    };

    public static string Serialize(Activity activity) => JsonConvert.SerializeObject(activity, Formatting.None, Settings);

    /// <summary>Null when the text is not a JSON object.</summary>
    public static Activity? TryDeserialize(string json)
    {
        try
        {
            var trimmed = json.AsSpan().TrimStart();
            if (trimmed.IsEmpty || trimmed[0] != '{')
            {
                return null;
            }

            return JsonConvert.DeserializeObject<Activity>(json, Settings);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An independent copy, so later changes by the bot cannot alter what was stored or sent.</summary>
    public static Activity Clone(Activity activity) =>
        JsonConvert.DeserializeObject<Activity>(Serialize(activity), Settings)!;

    /// <summary>The activity set a client receives: {"activities":[...],"watermark":"n"}.</summary>
    public static string ActivitySet(IReadOnlyList<DirectLineActivityRecord> activities, long? watermark)
    {
        var builder = new System.Text.StringBuilder("{\"activities\":[");
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(activities[i].Json);
        }

        builder.Append(']');
        if (watermark is { } w)
        {
            // A string, as on Azure: clients treat it as opaque and send it back unchanged.
            builder.Append(",\"watermark\":\"").Append(w.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('"');
        }

        return builder.Append('}').ToString();
    }
}
