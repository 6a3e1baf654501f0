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

    public SurveyStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The version people start now; null until first published.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>
    /// The latest version the board was asked to review (sent, approved, or made by accepting a
    /// wording); null until then. With the approvals it decides the co-production stage
    /// (<see cref="Surveys.Review.LifeCycle.StageOf"/>), so the stage never depends on history text.
    /// </summary>
    public int? ReviewRequestedVersion { get; set; }

    /// <summary>The board member who accepts wordings (co-production); null until one is named.</summary>
    public Guid? OwnerId { get; set; }
}
