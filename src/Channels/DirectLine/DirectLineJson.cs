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

    /// <summary>
    /// What <c>JsonConvert.SerializeObject(activity, Formatting.None, Settings)</c> writes, byte for byte
    /// (<see cref="WriteActivity"/>: the schema's own properties written by name, free-form values by the serializer).
    /// </summary>
    public static string Serialize(Activity activity)
    {
        // As JsonConvert.SerializeObject does, into a builder this thread keeps (an activity's text is
        // made once, as the returned string; the builder and the writer's buffers are not made per call).
        var builder = _builder ?? new System.Text.StringBuilder(1024);
        _builder = null;
        try
        {
            using var writer = new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture);
            using (var json = new JsonTextWriter(writer) { Formatting = Formatting.None, ArrayPool = PooledChars.Instance, DateTimeZoneHandling = DateTimeZoneHandling.Utc })
            {
                WriteActivity(json, activity);
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

    /// <summary>
    /// An activity as the serializer writes it, without the serializer's work a property (its contract's
    /// getters, converters, reference checks): the schema's properties (<c>Microsoft.Bot.Schema</c>'s
    /// <c>[JsonProperty]</c> names, in the contract's order) written one by one on the same writer, a null left
    /// out (<see cref="NullValueHandling.Ignore"/>), the extension data (<c>Properties</c>) last. Anything whose
    /// shape is not the schema's own plain type (a subclass, an account or attachment with extension data, a
    /// card's content, channelData that is not JSON text, the rarely used lists) is handed to the serializer on
    /// the same writer, which writes it as it always did. The writer's primitives (strings' escaping, dates'
    /// format) are Newtonsoft's own, so the text is the same as the serializer's; DirectLineJsonTests compare
    /// the two over a corpus of activities, every schema property set included.
    /// </summary>
    private static void WriteActivity(JsonTextWriter w, Activity a)
    {
        if (a.GetType() != typeof(Activity))
        {
            Serializer.Serialize(w, a);
            return;
        }

        w.WriteStartObject();
        String(w, "type", a.Type);
        String(w, "id", a.Id);
        Date(w, "timestamp", a.Timestamp);
        Date(w, "localTimestamp", a.LocalTimestamp);
        String(w, "localTimezone", a.LocalTimezone);
        String(w, "serviceUrl", a.ServiceUrl);
        String(w, "channelId", a.ChannelId);
        Account(w, "from", a.From);
        Conversation(w, "conversation", a.Conversation);
        Account(w, "recipient", a.Recipient);
        String(w, "textFormat", a.TextFormat);
        String(w, "attachmentLayout", a.AttachmentLayout);
        Value(w, "membersAdded", a.MembersAdded);
        Value(w, "membersRemoved", a.MembersRemoved);
        Value(w, "reactionsAdded", a.ReactionsAdded);
        Value(w, "reactionsRemoved", a.ReactionsRemoved);
        String(w, "topicName", a.TopicName);
        Bool(w, "historyDisclosed", a.HistoryDisclosed);
        String(w, "locale", a.Locale);
        String(w, "text", a.Text);
        String(w, "speak", a.Speak);
        String(w, "inputHint", a.InputHint);
        String(w, "summary", a.Summary);
        Suggested(w, a.SuggestedActions);
        List(w, "attachments", a.Attachments);
        List(w, "entities", a.Entities);
        Value(w, "channelData", a.ChannelData);
        String(w, "action", a.Action);
        String(w, "replyToId", a.ReplyToId);
        String(w, "label", a.Label);
        String(w, "valueType", a.ValueType);
        Value(w, "value", a.Value);
        String(w, "name", a.Name);
        Value(w, "relatesTo", a.RelatesTo);
        String(w, "code", a.Code);
        Date(w, "expiration", a.Expiration);
        String(w, "importance", a.Importance);
        String(w, "deliveryMode", a.DeliveryMode);
        Value(w, "listenFor", a.ListenFor);
        Value(w, "textHighlights", a.TextHighlights);
        Value(w, "semanticAction", a.SemanticAction);
        String(w, "callerId", a.CallerId);
        Extension(w, a.Properties);
        w.WriteEndObject();
    }

    private static void String(JsonTextWriter w, string name, string? value)
    {
        if (value is null) return;
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    private static void Bool(JsonTextWriter w, string name, bool? value)
    {
        if (value is not { } flag) return;
        w.WritePropertyName(name);
        w.WriteValue(flag);
    }

    private static void Date(JsonTextWriter w, string name, DateTimeOffset? value)
    {
        if (value is not { } date) return;
        w.WritePropertyName(name);
        w.WriteValue(date);
    }

    /// <summary>A free-form or rarely used value: JSON text written as it is, a string as a string, anything else by the serializer.</summary>
    private static void Value(JsonTextWriter w, string name, object? value)
    {
        if (value is null) return;
        w.WritePropertyName(name);
        switch (value)
        {
            case string text:
                w.WriteValue(text);
                break;
            case Newtonsoft.Json.Linq.JToken token:
                // What the serializer does with a JToken (its contract's WriteTo, with no converters).
                token.WriteTo(w);
                break;
            default:
                Serializer.Serialize(w, value);
                break;
        }
    }

    /// <summary>
    /// Opens <paramref name="name"/>'s object when <paramref name="value"/> is of the schema's plain shape, for its
    /// fields to be written one by one (true); otherwise hands the whole value to the serializer (false). Null: nothing.
    /// </summary>
    private static bool Opened(JsonTextWriter w, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] object? value, bool plain)
    {
        if (value is null) return false;
        if (!plain)
        {
            Value(w, name, value);
            return false;
        }
        w.WritePropertyName(name);
        w.WriteStartObject();
        return true;
    }

    private static void Account(JsonTextWriter w, string name, ChannelAccount? account)
    {
        if (!Opened(w, name, account, account?.GetType() == typeof(ChannelAccount) && account.Properties is not { Count: > 0 })) return;
        String(w, "id", account.Id);
        String(w, "name", account.Name);
        String(w, "aadObjectId", account.AadObjectId);
        String(w, "role", account.Role);
        w.WriteEndObject();
    }

    private static void Conversation(JsonTextWriter w, string name, ConversationAccount? conversation)
    {
        if (!Opened(w, name, conversation, conversation?.GetType() == typeof(ConversationAccount) && conversation.Properties is not { Count: > 0 })) return;
        Bool(w, "isGroup", conversation.IsGroup);
        String(w, "conversationType", conversation.ConversationType);
        String(w, "id", conversation.Id);
        String(w, "name", conversation.Name);
        String(w, "aadObjectId", conversation.AadObjectId);
        String(w, "role", conversation.Role);
        String(w, "tenantId", conversation.TenantId);
        w.WriteEndObject();
    }

    /// <summary>An empty list or array as "[]"; one with items (or of another collection type) by the serializer.</summary>
    private static void List<T>(JsonTextWriter w, string name, IList<T>? list)
    {
        if (list is null) return;
        if (list.Count == 0 && IsListOf(list))
        {
            w.WritePropertyName(name);
            w.WriteStartArray();
            w.WriteEndArray();
            return;
        }
        Value(w, name, list);
    }

    private static void Suggested(JsonTextWriter w, SuggestedActions? suggested)
    {
        if (!Opened(w, "suggestedActions", suggested, suggested?.GetType() == typeof(SuggestedActions) && (suggested.Actions is null || IsListOf(suggested.Actions)))) return;
        Value(w, "to", suggested.To);
        if (suggested.Actions is { } list)
        {
            w.WritePropertyName("actions");
            w.WriteStartArray();
            foreach (var action in list)
            {
                if (action is null)
                {
                    w.WriteNull();
                    continue;
                }
                if (action.GetType() != typeof(CardAction))
                {
                    Serializer.Serialize(w, action);
                    continue;
                }
                w.WriteStartObject();
                String(w, "type", action.Type);
                String(w, "title", action.Title);
                String(w, "image", action.Image);
                String(w, "text", action.Text);
                String(w, "displayText", action.DisplayText);
                Value(w, "value", action.Value);
                Value(w, "channelData", action.ChannelData);
                String(w, "imageAltText", action.ImageAltText);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static bool IsListOf<T>(IList<T> list) => list.GetType() == typeof(List<T>) || list.GetType() == typeof(T[]);

    /// <summary>The extension data (<c>[JsonExtensionData]</c>), after the properties, as the serializer writes it: each name, then its value.</summary>
    private static void Extension(JsonTextWriter w, Newtonsoft.Json.Linq.JObject? properties)
    {
        if (properties is null) return;
        foreach (var property in properties.Properties())
        {
            w.WritePropertyName(property.Name);
            property.Value.WriteTo(w);
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
