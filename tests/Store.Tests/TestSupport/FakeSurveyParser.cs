using CoProduction.Store.Catalog;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>
/// Stands in for the YAML parser, which a colleague is still writing: tests register a
/// definition and get back a "file" text that parses to it; any other text is an error.
/// </summary>
public sealed class FakeSurveyParser : ISurveyParser
{
    public static readonly SurveyFileError BadFile = new(3, "questions[0].type", "type must be one of scale, choice, yesno, number, text, date");

    private readonly Dictionary<string, SurveyDefinition> _files = new();

    public string FileFor(SurveyDefinition definition, string revision = "1")
    {
        var text = $"id: {definition.Id}\nkeyword: {definition.Keyword}\n# revision {revision}\n";
        _files[text] = definition;
        return text;
    }

    public SurveyParseResult Parse(string yaml) =>
        _files.TryGetValue(yaml.ReplaceLineEndings("\n"), out var definition)
            ? new SurveyParseResult(definition, [])
            : new SurveyParseResult(null, [BadFile]);
}
