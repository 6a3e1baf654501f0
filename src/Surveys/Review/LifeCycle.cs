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

/// <summary>
/// The rules of a survey's life, pure so they can be tested as a table. The stage is stored with
/// the survey; each transition below is applied where it happens (the library imports and
/// publishes, the board submits, approves, accepts and retires) and refused there when a rule
/// below says why not, leaving the stage as it was. Whether a version may be published is the
/// publish rules' (Store's IPublishRule, the quorum among them), not a twin here.
/// </summary>
public static class LifeCycle
{
    /// <summary>
    /// A new version was imported: new words go back to the board, a retired survey's too (the
    /// way to work on it again). It is not served meanwhile: Survey.MoveTo keeps a retired
    /// survey retired until the board approves the new version and it is published.
    /// </summary>
    public static SurveyStage AfterImport(SurveyStage stage) => SurveyStage.Draft;

    /// <summary>The board was asked to review the latest version: a draft goes into review.</summary>
    public static SurveyStage AfterSubmit(SurveyStage stage) => stage == SurveyStage.Draft ? SurveyStage.InReview : stage;

    /// <summary>An approval of the latest version was recorded: it is in review, or approved once the quorum is met.</summary>
    public static SurveyStage AfterApproval(SurveyStage stage, bool quorumMet) => stage switch
    {
        SurveyStage.Draft or SurveyStage.InReview => quorumMet ? SurveyStage.Approved : SurveyStage.InReview,
        _ => stage,
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
