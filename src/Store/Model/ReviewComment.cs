namespace CoProduction.Store.Model;

/// <summary>A board member's comment on a survey, a question or a proposal.</summary>
public sealed class ReviewComment
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }
    public string? QuestionId { get; set; }
    public long? ProposalId { get; set; }
    public Guid MemberId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}
