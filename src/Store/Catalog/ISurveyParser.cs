using CoProduction.Surveys.Loading;

namespace CoProduction.Store.Catalog;

/// <summary>
/// The one place the store turns survey YAML into a definition. A seam so tests (and the
/// XLSForm import later) can supply definitions without the YAML parser.
/// </summary>
public interface ISurveyParser
{
    SurveyParseResult Parse(string yaml);
}
