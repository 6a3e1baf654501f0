using CoProduction.Surveys.Engine;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The catalog as a board member piloting a draft sees it: the draft answers to its keyword (and
/// appears in the call or chat menu) in place of the published version, marked as a pilot so
/// its answers never reach the results. Everyone else sees the ordinary catalog.
/// </summary>
public sealed class PilotCatalog(ISurveyCatalog inner, PublishedSurvey draft) : ISurveyCatalog
{
    private readonly PublishedSurvey _pilot = draft with { Pilot = true };

    public PublishedSurvey? FindByKeyword(string word) =>
        _pilot.Definition.MatchesKeyword(word.Trim(), out _) ? _pilot : inner.FindByKeyword(word);

    public PublishedSurvey? Find(string surveyId, int version) =>
        surveyId == _pilot.Definition.Id && version == _pilot.Version ? _pilot : inner.Find(surveyId, version);

    public string? SuggestedKeyword => _pilot.Definition.HasKeyword ? _pilot.Definition.Keyword : inner.SuggestedKeyword;

    public IReadOnlyList<PublishedSurvey> Published =>
        [_pilot, .. inner.Published.Where(p => p.Definition.Id != _pilot.Definition.Id)];
}
