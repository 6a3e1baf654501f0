using CoProduction.Surveys.Review;

namespace CoProduction.Store.Model;

/// <summary>A member of the co-production board: experts by experience, peer researchers, family carers and staff.</summary>
public sealed class BoardMember
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public BoardRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>The account the member signs in with; every board action they take is theirs alone.</summary>
    public Guid? AccountId { get; set; }
}
