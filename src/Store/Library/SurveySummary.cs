using CoProduction.Store.Model;

namespace CoProduction.Store.Library;

/// <summary>One line of the staff page's survey list.</summary>
/// <param name="Responses">Sessions started, on any version, not counting ones started again from the beginning.</param>
public sealed record SurveySummary(
    string Id, string Title, string Keyword, SurveyStatus Status, int? PublishedVersion, int Responses, int Completed);
