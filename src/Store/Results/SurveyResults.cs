using System.Text.Json.Serialization;

namespace CoProduction.Store.Results;

/// <summary>
/// The results JSON of DESIGN.md. Property names are pinned so the shape does not depend on
/// the host's serializer settings: external checks read it.
/// </summary>
public sealed record SurveyResults(
    [property: JsonPropertyName("surveyId")] string SurveyId,
    [property: JsonPropertyName("responses")] int Responses,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("questions")] IReadOnlyList<QuestionResults> Questions);
