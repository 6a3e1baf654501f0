namespace CoProduction.Surveys.Review;

/// <summary>Where a survey's latest wording is in its life: draft -> in review -> approved -> published -> retired.</summary>
public enum SurveyStage
{
    Draft,
    InReview,
    Approved,
    Published,
    Retired,
}

/// <summary>The rules of a survey's life, pure so they can be tested as a table.</summary>
public static class LifeCycle
{
    /// <summary>The stage of the latest version.</summary>
    /// <param name="reviewRequested">Someone asked the board to review this version (or approved, proposed or commented on it).</param>
    public static SurveyStage StageOf(bool retired, int latestVersion, int? publishedVersion, bool reviewRequested, bool quorumMet)
    {
        if (retired) return SurveyStage.Retired;
        if (publishedVersion == latestVersion) return SurveyStage.Published;
        if (quorumMet) return SurveyStage.Approved;
        return reviewRequested ? SurveyStage.InReview : SurveyStage.Draft;
    }

    /// <returns>Null when it may be published; otherwise why not.</returns>
    public static string? CannotPublish(SurveyStage stage, string? quorumUnmet) => stage switch
    {
        SurveyStage.Approved or SurveyStage.Published => null,
        SurveyStage.Retired when quorumUnmet is null => null,
        _ => quorumUnmet ?? "This version has not been approved yet.",
    };

    /// <returns>Null when the board may still approve, propose and comment; otherwise why not.</returns>
    public static string? ClosedForReview(SurveyStage stage) => stage switch
    {
        SurveyStage.Retired => "This survey is retired. Import a new version to work on it again.",
        SurveyStage.Published => "This version is published, so its wording is frozen. Propose a change: accepting it makes a new version to review.",
        _ => null,
    };

    public static string? CannotRetire(SurveyStage stage, int? publishedVersion) =>
        publishedVersion is null ? "Only a published survey can be retired; this one has never been published." :
        stage == SurveyStage.Retired ? "This survey is already retired." : null;
}
