using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Model;

/// <summary>
/// One recorded answer. Survey, version and person are copied from the session so results can
/// be counted from this table alone.
/// </summary>
public sealed class Answer
{
    public long Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid PersonId { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }
    public required string QuestionId { get; set; }

    /// <summary>Exactly what the person sent.</summary>
    public required string Raw { get; set; }

    /// <summary>The understood value (number, yes/no, option id, ISO date, text); null when skipped or unclear.</summary>
    public string? Value { get; set; }

    public AnswerStatus Status { get; set; }
    public Channel Channel { get; set; }
    public DateTimeOffset At { get; set; }
}
