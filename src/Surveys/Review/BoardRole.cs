namespace CoProduction.Surveys.Review;

/// <summary>What a board member's role counts for. Experts by experience and peer researchers use the services.</summary>
public enum BoardRole
{
    ExpertByExperience,
    PeerResearcher,
    FamilyCarer,
    Staff,
}

public static class BoardRoles
{
    public static string ToName(this BoardRole role) => role switch
    {
        BoardRole.ExpertByExperience => "expert-by-experience",
        BoardRole.PeerResearcher => "peer-researcher",
        BoardRole.FamilyCarer => "family-carer",
        BoardRole.Staff => "staff",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out BoardRole role)
    {
        switch (name?.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-'))
        {
            case "expert-by-experience": role = BoardRole.ExpertByExperience; return true;
            case "peer-researcher": role = BoardRole.PeerResearcher; return true;
            case "family-carer": role = BoardRole.FamilyCarer; return true;
            case "staff": role = BoardRole.Staff; return true;
            default: role = default; return false;
        }
    }

    /// <summary>A peer researcher is an expert by experience who also researches: both count as lived experience.</summary>
    public static bool HasLivedExperience(this BoardRole role) => role is BoardRole.ExpertByExperience or BoardRole.PeerResearcher;
}
