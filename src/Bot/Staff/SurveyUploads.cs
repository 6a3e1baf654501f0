using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Loading.XlsForm;

namespace CoProduction.Bot.Staff;

/// <summary>
/// A survey file as it arrives (YAML, or an XLSForm spreadsheet from KoboToolbox, ODK or our own
/// export) read into the YAML that is stored: one home for the API and the upload page.
/// </summary>
public static class SurveyUploads
{
    public sealed record Read(string? Yaml, SurveyDefinition? Survey, IReadOnlyList<SurveyFileError> Errors)
    {
        public bool Succeeded => Yaml is not null && Survey is not null;
    }

    /// <summary>Spreadsheets are stored as YAML like every version, so the board reviews one readable text.</summary>
    public static Read Spreadsheet(Stream xlsx)
    {
        var sheet = XlsFormReader.Read(xlsx);
        return sheet.Succeeded ? new Read(SurveyYamlWriter.Write(sheet.Survey!), sheet.Survey, []) : new Read(null, null, sheet.Errors);
    }

    public static Read Yaml(string yaml)
    {
        var parsed = SurveyFileParser.Parse(yaml);
        return parsed.Succeeded ? new Read(yaml, parsed.Survey, []) : new Read(null, null, parsed.Errors);
    }

    /// <summary>
    /// The keyword a survey without one might have: its id in capitals, letters and digits only
    /// (KoboToolbox ids like "home_life_2026" become HOMELIFE2026), at most 20 characters.
    /// </summary>
    public static string SuggestKeyword(string surveyId)
    {
        var word = new string(surveyId.ToUpperInvariant().Where(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9').ToArray());
        return word.Length > 20 ? word[..20] : word;
    }

    /// <summary>The survey with the keyword staff chose (empty: sent only by invitation), as the YAML to store.</summary>
    public static string WithKeyword(SurveyDefinition survey, string? keyword) =>
        SurveyYamlWriter.Write(survey with { Keyword = (keyword ?? "").Trim().ToUpperInvariant() });
}
