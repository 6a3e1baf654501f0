using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading;

/// <summary>Reads a survey YAML file into a <see cref="SurveyDefinition"/>, or every error in it.</summary>
public static class SurveyFileParser
{
    public static SurveyParseResult Parse(string yaml) => throw new NotImplementedException("being written");
}

public sealed record SurveyParseResult(SurveyDefinition? Survey, IReadOnlyList<SurveyFileError> Errors)
{
    public bool Succeeded => Survey is not null && Errors.Count == 0;
}
