namespace CoProduction.Store.Model;

/// <summary>
/// "You said, we did": something staff will do, did, or could not do because of what people
/// answered; shown on the public results page beside the results it answers.
/// </summary>
public sealed class SurveyAction
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>The question it answers, when it answers one.</summary>
    public string? QuestionId { get; set; }

    /// <summary>The round it answers, when it answers one.</summary>
    public Guid? RoundId { get; set; }

    /// <summary>What was said or done, in plain words, for the public page.</summary>
    public required string Text { get; set; }

    public ActionStatus Status { get; set; }

    /// <summary>Why it is not possible (shown with <see cref="ActionStatus.NotPossible"/>).</summary>
    public string? Why { get; set; }

    /// <summary>A hash of question, round and words: unique per survey, so the same action is never recorded twice.</summary>
    public required string Fingerprint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
