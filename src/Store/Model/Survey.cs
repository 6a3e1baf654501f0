using CoProduction.Surveys.Review;

namespace CoProduction.Store.Model;

/// <summary>
/// A survey as staff see it: one row per survey id. Its wording lives in <see cref="SurveyVersion"/>
/// rows, because a published version is frozen and sessions finish on the version they began.
/// </summary>
public sealed class Survey
{
    /// <summary>The id from the survey file: letters, digits and '-'.</summary>
    public required string Id { get; set; }

    /// <summary>Title of the latest imported version.</summary>
    public required string Title { get; set; }

    /// <summary>Keyword of the latest imported version, upper case.</summary>
    public required string Keyword { get; set; }

    /// <summary>Whether the survey is served; follows <see cref="Stage"/> (see <see cref="MoveTo"/>).</summary>
    public SurveyStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The version people start now; null until first published.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>
    /// Where the latest version is in its co-production life (draft, in review, approved,
    /// published, retired). A column of its own, moved only by <see cref="MoveTo"/> where each
    /// transition happens (the library and the board commands), so reading it needs no history,
    /// no approvals and no rule.
    /// </summary>
    public SurveyStage Stage { get; private set; }

    /// <summary>The board member who accepts wordings (co-production); null until one is named.</summary>
    public Guid? OwnerId { get; set; }

    /// <summary>
    /// Moves the latest version to <paramref name="stage"/>. <see cref="Status"/> says whether the
    /// survey is served, so it follows the stage until a version is published, and then only
    /// when the survey is published again or retired: a new version in review does not stop the
    /// published one being served.
    /// </summary>
    public void MoveTo(SurveyStage stage)
    {
        Stage = stage;
        if (stage is SurveyStage.Published or SurveyStage.Retired || Status is SurveyStatus.Draft or SurveyStatus.InReview or SurveyStatus.Approved)
        {
            Status = stage switch
            {
                SurveyStage.InReview => SurveyStatus.InReview,
                SurveyStage.Approved => SurveyStatus.Approved,
                SurveyStage.Published => SurveyStatus.Published,
                SurveyStage.Retired => SurveyStatus.Retired,
                _ => SurveyStatus.Draft,
            };
        }
    }
}
