using System.Text.Json;
using System.Text.Json.Serialization;

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

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} was null.");
}
