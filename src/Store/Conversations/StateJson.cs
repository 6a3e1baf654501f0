using System.Text.Json;
using System.Text.Json.Serialization;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Conversations;

/// <summary>One set of JSON settings for everything the store keeps as System.Text.Json text.</summary>
internal static class StateJson
{
    // Enum names rather than numbers so a saved session survives a reordered enum.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// The session state, written by code generated at build time (<see cref="StateJsonTypes"/>, the same
    /// settings) rather than through reflection: the same text (StateJsonTests), written every turn.
    /// Read back through <see cref="Deserialize{T}"/>: the generated reader of a type with init-only
    /// properties was slower and allocated more than reflection's.
    /// </summary>
    public static string Serialize(SessionState state)
    {
        var json = JsonSerializer.Serialize(state, StateJsonTypes.Default.SessionState);
        if (!GoesOn(state.Status))
        {
            // A finished session (completed, stopped, expired, started again) has no next question: its
            // state is read again only if the person writes once more, and keeping it would hold it for
            // nothing until the table is emptied (long enough to be copied into the GC's oldest
            // generation, and collected there only by its rarer, costlier collections).
            RecentStates.Remove(state.Id);
            return json;
        }
        // Bounded: emptied when full, so memory stays flat whoever texts.
        RecentStates.Set(state.Id, new WrittenState(json, state));
        return json;
    }

    /// <summary>
    /// A session's state read from its stored text. The text a turn wrote is, on the session's next
    /// turn, the text its load reads back: then the state that was written is returned rather than
    /// read again (the text compared in full, so a state saved since, by another turn or another
    /// node, or a save that was rolled back, is read from its text as before). The state is an
    /// immutable record whose every field the text holds (StateJsonTests prove the two equal).
    /// </summary>
    public static SessionState DeserializeSession(string json)
    {
        if (TryRecent(json) is { } written) return written;
        return Deserialize<SessionState>(json);
    }

    private static SessionState? TryRecent(string json)
    {
        // The id is the text's first field ({"id":"<guid>",...), written so by the generated writer.
        const string prefix = "{\"id\":\"";
        if (json.Length < prefix.Length + 36 || !json.StartsWith(prefix, StringComparison.Ordinal)) return null;
        if (!Guid.TryParseExact(json.AsSpan(prefix.Length, 36), "D", out var id)) return null;
        return RecentStates.TryGetValue(id, out var written) && string.Equals(written.Json, json, StringComparison.Ordinal)
            ? written.State
            : null;
    }

    /// <summary>A session that waits for the person's next message: only these are kept.</summary>
    private static bool GoesOn(SessionStatus status) => status is SessionStatus.Active or SessionStatus.AwaitingCarryOn;

    /// <summary>How many written states are kept at most (the cache is emptied when full).</summary>
    public const int RecentLimit = 1024;

    /// <summary>How many written states are kept now (for tests of the bound).</summary>
    internal static int RecentCount => RecentStates.Count;

    /// <summary>Whether a session's written state is kept (for tests).</summary>
    internal static bool IsKept(Guid sessionId) => RecentStates.ContainsKey(sessionId);

    private sealed record WrittenState(string Json, SessionState State);

    private static readonly RecentTable<Guid, WrittenState> RecentStates = new(RecentLimit);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} was null.");
}

/// <summary>The session state's writer generated at build time, with <see cref="StateJson.Options"/>' settings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionState))]
internal sealed partial class StateJsonTypes : JsonSerializerContext;
