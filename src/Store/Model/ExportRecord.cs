namespace CoProduction.Store.Model;

/// <summary>One export of answers: who took it, when, and what (survey, round, dates, format). Answers leave the service only this way, so every time is recorded.</summary>
public sealed class ExportRecord
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>The signed-in staff member's name, or which API key.</summary>
    public required string Who { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>"csv" or "xlsx".</summary>
    public required string Format { get; set; }

    public Guid? RoundId { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>Responses written; null until the file is finished (a download broken off stays null).</summary>
    public int? Rows { get; set; }
}
