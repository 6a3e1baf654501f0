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
    public static string Serialize(SessionState state) => JsonSerializer.Serialize(state, StateJsonTypes.Default.SessionState);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} was null.");
}

/// <summary>The session state's writer generated at build time, with <see cref="StateJson.Options"/>' settings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionState))]
internal sealed partial class StateJsonTypes : JsonSerializerContext;
