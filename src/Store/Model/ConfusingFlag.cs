using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>"This was confusing", flagged at a question while trying a survey out (a pilot).</summary>
public sealed class ConfusingFlag
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }
    public required string QuestionId { get; set; }
    public Guid? MemberId { get; set; }
    public Channel Channel { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
}
