using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Rules for ids. A survey id appears in URLs, so letters, digits and '-' only; question and
/// option ids are stored with every answer and appear in results, so they may also use '_'.
/// </summary>
internal static partial class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValidSurveyId(string id) => id.Length <= MaxLength && SurveyId().IsMatch(id);

    public static bool IsValidQuestionId(string id) => id.Length <= MaxLength && QuestionId().IsMatch(id);

    public static string WhatIsWrong(string id) =>
        id.Length > MaxLength ? $"is longer than {MaxLength} characters"
        : id.Any(char.IsWhiteSpace) ? "has a space in it"
        : "has characters that cannot be used in an id";

    /// <summary>A fixed-up id to show in the message: "how happy" -> "how-happy".</summary>
    public static string Suggest(string id)
    {
        var fixedUp = Invalid().Replace(id.Trim(), "-").Trim('-');
        if (fixedUp.Length > MaxLength) fixedUp = fixedUp[..MaxLength];
        return fixedUp.Length > 0 ? fixedUp : "happy";
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex SurveyId();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex QuestionId();

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Invalid();
}
