using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoProduction.Store.Model;

/// <summary>
/// A quick vote: one question with 2 to 6 options put to some groups until a closing time. It is
/// a one-question survey (<see cref="SurveyId"/>) and, once approved, a round of it
/// (<see cref="RoundId"/>), so the board's approval, the invitations, the sending rules, the
/// reading of replies and the disclosed results are the surveys' own, not a copy.
/// </summary>
public sealed class QuickVote
{
    public Guid Id { get; set; }

    /// <summary>"vote-" and 12 hex digits: the one-question survey behind the vote. Unique.</summary>
    public required string SurveyId { get; set; }

    /// <summary>The groups to ask, separated by ';', kept until the vote opens.</summary>
    public required string Groups { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>The round that put the question to people; null while it waits for the board's approval.</summary>
    public Guid? RoundId { get; set; }

    /// <summary>When it closed and its result was released and sent back; null while open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class QuickVoteConfiguration : IEntityTypeConfiguration<QuickVote>
{
    public void Configure(EntityTypeBuilder<QuickVote> e)
    {
        e.Property(v => v.SurveyId).HasMaxLength(64);
        e.Property(v => v.Groups).HasMaxLength(2000);
        e.HasIndex(v => v.SurveyId).IsUnique();
        e.HasIndex(v => v.RoundId).IsUnique();
        e.HasOne<Survey>().WithMany().HasForeignKey(v => v.SurveyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Round>().WithMany().HasForeignKey(v => v.RoundId).OnDelete(DeleteBehavior.Restrict);
    }
}
