using System.Collections.Concurrent;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Catalog;

/// <summary>
/// Parsed survey versions, kept for the life of the process. Safe because a stored version's
/// YAML never changes: (survey id, version) always means the same definition.
/// </summary>
public sealed class SurveyDefinitionCache(ISurveyParser parser)
{
    private readonly ConcurrentDictionary<(string SurveyId, int Version), SurveyDefinition> _definitions = new();

    public SurveyDefinition Get(string surveyId, int version, string yaml) =>
        _definitions.GetOrAdd((surveyId, version), _ =>
        {
            var parsed = parser.Parse(yaml);
            // It parsed when it was imported; failing now means the parser changed under a
            // stored survey, which staff cannot fix from here, so it is a bug to report loudly.
            return parsed.Succeeded
                ? parsed.Survey!
                : throw new InvalidOperationException(
                    $"Stored survey '{surveyId}' version {version} no longer reads: {string.Join("; ", parsed.Errors)}");
        });
}
