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

    /// <summary>
    /// One serializer made from <see cref="Settings"/>, kept: <c>JsonConvert</c> made a new one from the
    /// settings on every call (for every activity of every chat message). A serializer whose settings are
    /// not changed may serve many threads at once; what it writes is what <c>JsonConvert</c> wrote.
    /// </summary>
    private static readonly JsonSerializer Serializer = CreateSerializer();

    private static JsonSerializer CreateSerializer()
    {
        var serializer = JsonSerializer.Create(Settings);
        // What JsonConvert.DeserializeObject sets: text after the object makes it no activity (read only when reading).
        serializer.CheckAdditionalContent = true;
        return serializer;
    }

    /// <summary>What <c>JsonConvert.SerializeObject(activity, Formatting.None, Settings)</c> writes.</summary>
    public static string Serialize(Activity activity)
    {
        // As JsonConvert.SerializeObject does, with a buffer sized for an activity rather than 256 characters.
        var builder = new System.Text.StringBuilder(1024);
        using var writer = new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture);
        using (var json = new JsonTextWriter(writer) { Formatting = Formatting.None })
        {
            Serializer.Serialize(json, activity);
        }
        return builder.ToString();
    }

    /// <summary>
    /// What <see cref="Serialize"/> writes for <paramref name="activity"/> (its <c>Id</c> set), made from
    /// <paramref name="withoutId"/>, the same activity serialised while its <c>Id</c> was null: the id goes
    /// where Newtonsoft writes it, right after "type" (the schema's first two properties), so a reply is
    /// serialised once for the history and for the turn's stored replies. Anything else (no type, a type
    /// or id that JSON would escape, a prefix not as expected) is serialised again in full.
    /// </summary>
    public static string WithId(string withoutId, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(withoutId);
        ArgumentNullException.ThrowIfNull(activity);
        var (type, id) = (activity.Type, activity.Id);
        if (type is null || id is null || !IsPlain(type) || !IsPlain(id)) return Serialize(activity);
        const string open = "{\"type\":\"";
        var end = open.Length + type.Length;
        if (!withoutId.StartsWith(open, StringComparison.Ordinal)
            || withoutId.Length <= end + 1
            || string.CompareOrdinal(withoutId, open.Length, type, 0, type.Length) != 0
            || withoutId[end] != '"')
        {
            return Serialize(activity);
        }

        // {"type":"message"...: the id right after the type's value, whatever follows it.
        return string.Concat(withoutId.AsSpan(0, end + 1), ",\"id\":\"" + id + "\"", withoutId.AsSpan(end + 1));
    }

    /// <summary>Text Newtonsoft writes as it is in a JSON string (printable ASCII, no quote or backslash).</summary>
    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
        }
        return true;
    }

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

            // As JsonConvert.DeserializeObject<Activity>(json, Settings) does, on the kept serializer.
            using var reader = new JsonTextReader(new StringReader(json));
            return Serializer.Deserialize<Activity>(reader);
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
