using System.Text.Json;

namespace CoProduction.Bot.Tests.Infrastructure;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static int Count(this JsonElement question, string key) =>
        question.GetProperty("counts").TryGetProperty(key, out var value) ? value.GetInt32() : 0;

    public static JsonElement Question(this JsonElement results, string id) =>
        results.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == id);
}
