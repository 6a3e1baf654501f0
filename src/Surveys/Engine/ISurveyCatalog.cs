using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>A published, frozen version of a survey.</summary>
/// <param name="Pilot">A draft a board member is trying out: its sessions never count in results.</param>
public sealed record PublishedSurvey(SurveyDefinition Definition, int Version, bool Pilot = false);

/// <summary>The published surveys the engine may start or resume. The store provides it.</summary>
public interface ISurveyCatalog
{
    /// <summary>The published survey whose keyword (in any language) is <paramref name="word"/>.</summary>
    PublishedSurvey? FindByKeyword(string word);

    /// <summary>A specific version, published or since replaced (sessions finish on the version they began).</summary>
    PublishedSurvey? Find(string surveyId, int version);

    /// <summary>The keyword to suggest to someone who texts something else, if any survey is published.</summary>
    string? SuggestedKeyword { get; }

    /// <summary>Every currently published survey, by title: the menu a caller or a web visitor chooses from.</summary>
    IReadOnlyList<PublishedSurvey> Published { get; }
}
