using CoProduction.Surveys.Loading;

namespace CoProduction.Store.Catalog;

/// <summary>The real parser: the engine's <see cref="SurveyFileParser"/>.</summary>
public sealed class YamlSurveyParser : ISurveyParser
{
    public SurveyParseResult Parse(string yaml) => SurveyFileParser.Parse(yaml);
}
