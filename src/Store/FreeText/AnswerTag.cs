namespace CoProduction.Store.FreeText;

/// <summary>One written answer tagged with one theme. Unique per answer and theme: tagging twice is one tag.</summary>
public sealed class AnswerTag
{
    public long Id { get; set; }
    public long AnswerId { get; set; }
    public long ThemeId { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>Who tagged it: a person's name or a key's name.</summary>
    public required string TaggedBy { get; set; }

    public DateTimeOffset At { get; set; }
}
