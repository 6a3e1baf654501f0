namespace CoProduction.Store.Model;

/// <summary>
/// A member's vote for one wording of a question. A member has one vote per question, language
/// and variant: voting for another proposal moves it.
/// </summary>
public sealed class ProposalVote
{
    public long Id { get; set; }
    public long ProposalId { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset At { get; set; }
}
