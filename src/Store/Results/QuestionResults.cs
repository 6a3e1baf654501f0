using System.Text.Json.Serialization;

namespace CoProduction.Store.Results;

/// <param name="Answered">Real answers, text ones included; not unclear or skipped ones.</param>
/// <param name="Counts">Answers by stored value, plus "unclear" and "skipped"; never the words of text answers.</param>
public sealed record QuestionResults(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("answered")] int Answered,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts);
