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
        // As JsonConvert.SerializeObject does, into a builder this thread keeps (an activity's text is
        // made once, as the returned string; the builder and the writer's buffers are not made per call).
        var builder = _builder ?? new System.Text.StringBuilder(1024);
        _builder = null;
        try
        {
            using var writer = new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture);
            using (var json = new JsonTextWriter(writer) { Formatting = Formatting.None, ArrayPool = PooledChars.Instance })
            {
                Serializer.Serialize(json, activity);
            }
            return builder.ToString();
        }
        finally
        {
            // Serialising never awaits, so the thread's builder is this call's alone; a very long activity's is not kept.
            if (builder.Capacity <= MaxKeptBuilder)
            {
                builder.Clear();
                _builder = builder;
            }
        }
    }

    /// <summary>The largest builder kept between calls (characters): an activity of up to 64 KB of text and more is rare.</summary>
    private const int MaxKeptBuilder = 16 * 1024;

    [ThreadStatic]
    private static System.Text.StringBuilder? _builder;

    /// <summary>Newtonsoft's own character buffers (the reader's and the writer's) taken from the shared pool.</summary>
    private sealed class PooledChars : IArrayPool<char>
    {
        public static readonly PooledChars Instance = new();

        public char[] Rent(int minimumLength) => System.Buffers.ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null) System.Buffers.ArrayPool<char>.Shared.Return(array);
        }
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
            using var reader = new JsonTextReader(new StringReader(json)) { ArrayPool = PooledChars.Instance };
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

    /// <summary>
    /// <see cref="ActivitySet"/>'s text in UTF-8, in an array from the shared pool (give it back with
    /// <c>ArrayPool&lt;byte&gt;.Shared.Return</c>): the stream's frame, without the set built as a string first.
    /// </summary>
    public static (byte[] Buffer, int Length) RentActivitySetUtf8(IReadOnlyList<DirectLineActivityRecord> activities, long? watermark)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var tail = ActivitySetTail(watermark);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(checked((int)ActivitySetByteCount(activities, tail)));
        ActivitySetOpen.CopyTo(buffer);
        var at = ActivitySetOpen.Length;
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0) buffer[at++] = (byte)',';
            at += System.Text.Encoding.UTF8.GetBytes(activities[i].Json, buffer.AsSpan(at));
        }
        at += System.Text.Encoding.ASCII.GetBytes(tail, buffer.AsSpan(at));
        return (buffer, at);
    }

    /// <summary>The activity set's bytes before its first activity (the byte writers': this stream's frame, <see cref="DirectLineActivitySetResult"/>).</summary>
    internal static ReadOnlySpan<byte> ActivitySetOpen => "{\"activities\":["u8;

    /// <summary>The activity set's text after its last activity, with the watermark as a string, as on Azure.</summary>
    internal static string ActivitySetTail(long? watermark) =>
        watermark is { } w ? "],\"watermark\":\"" + w.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}" : "]}";

    /// <summary>The activity set's length in UTF-8: <see cref="ActivitySetOpen"/>, the activities with a comma between each two, and <paramref name="tail"/>.</summary>
    internal static long ActivitySetByteCount(IReadOnlyList<DirectLineActivityRecord> activities, string tail)
    {
        long length = ActivitySetOpen.Length + tail.Length + Math.Max(0, activities.Count - 1);
        foreach (var activity in activities) length += System.Text.Encoding.UTF8.GetByteCount(activity.Json);
        return length;
    }

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
