namespace CoProduction.Store.FreeText;

/// <summary>
/// A written answer staff want on the public page. The answer itself stays as the person wrote it
/// (the original, in the answers table); <see cref="Text"/> is what the public would read, edited
/// when staff took a name or number out. Public only once <see cref="QuoteStatus.Approved"/>.
/// </summary>
public sealed class Quote
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }
    public required string QuestionId { get; set; }

    /// <summary>One quote per answer.</summary>
    public long AnswerId { get; set; }

    /// <summary>What the public page shows: the answer, or staff's redacted edit of it.</summary>
    public required string Text { get; set; }

    /// <summary>True when <see cref="Text"/> is staff's edit, not the person's own words as sent.</summary>
    public bool Edited { get; set; }

    /// <summary>What the personal-data check found in <see cref="Text"/> ("name,phone"), empty when nothing.</summary>
    public required string Flags { get; set; }

    public QuoteStatus Status { get; set; }

    /// <summary>Why staff approved a quote the check flagged ("Dot is the name of the day centre cat").</summary>
    public string? ConfirmReason { get; set; }

    public required string ChosenBy { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}
