using CoProduction.Surveys.Review;

namespace CoProduction.Store.Model;

public enum ProposalStatus
{
    Open,
    Accepted,
    Withdrawn,
}

/// <summary>Another wording for one question, in one language, for one channel or easy read.</summary>
public sealed class WordingProposal
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>The version it was proposed against.</summary>
    public int Version { get; set; }

    public required string QuestionId { get; set; }
    public required string Language { get; set; }
    public WordingVariant Variant { get; set; }
    public required string Text { get; set; }
    public Guid ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }

    public ProposalStatus Status { get; set; }
    public Guid? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>The version accepting it made.</summary>
    public int? AcceptedInVersion { get; set; }
}
