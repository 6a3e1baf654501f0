namespace CoProduction.Surveys.Review;

/// <summary>Where a survey's latest wording is in its life: draft -> in review -> approved -> published -> retired.</summary>
public enum SurveyStage
{
    Draft,
    InReview,
    Approved,
    Published,
    Retired,
}

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

/// <summary>How many approvals a version needs, and whether one must come from lived experience.</summary>
public sealed record Quorum(int Approvals = 2, bool NeedsExpertByExperience = true)
{
    /// <returns>Null when met; otherwise why not, in plain English.</returns>
    public string? Unmet(IReadOnlyCollection<BoardRole> approvers)
    {
        var needMore = approvers.Count < Approvals;
        var needExpert = NeedsExpertByExperience && !approvers.Any(r => r.HasLivedExperience());
        if (!needMore && !needExpert) return null;
        var has = approvers.Count == 1 ? "1 approval" : $"{approvers.Count} approvals";
        var rule = NeedsExpertByExperience
            ? $"{Approvals} approvals from the co-production board, including at least one expert by experience"
            : $"{Approvals} approvals from the co-production board";
        var missing = needExpert && !needMore ? " None is from an expert by experience yet." : "";
        return $"This version has not been approved yet. It needs {rule}, and it has {has}.{missing}";
    }
}

/// <summary>The rules of a survey's life, pure so they can be tested as a table.</summary>
public static class LifeCycle
{
    /// <summary>The stage of the latest version.</summary>
    /// <param name="reviewRequested">Someone asked the board to review this version (or approved, proposed or commented on it).</param>
    public static SurveyStage StageOf(bool retired, int latestVersion, int? publishedVersion, bool reviewRequested, bool quorumMet)
    {
        if (retired) return SurveyStage.Retired;
        if (publishedVersion == latestVersion) return SurveyStage.Published;
        if (quorumMet) return SurveyStage.Approved;
        return reviewRequested ? SurveyStage.InReview : SurveyStage.Draft;
    }

    /// <returns>Null when it may be published; otherwise why not.</returns>
    public static string? CannotPublish(SurveyStage stage, string? quorumUnmet) => stage switch
    {
        SurveyStage.Approved or SurveyStage.Published => null,
        SurveyStage.Retired when quorumUnmet is null => null,
        _ => quorumUnmet ?? "This version has not been approved yet.",
    };

    /// <returns>Null when the board may still approve, propose and comment; otherwise why not.</returns>
    public static string? ClosedForReview(SurveyStage stage) => stage switch
    {
        SurveyStage.Retired => "This survey is retired. Import a new version to work on it again.",
        SurveyStage.Published => "This version is published, so its wording is frozen. Propose a change: accepting it makes a new version to review.",
        _ => null,
    };

    public static string? CannotRetire(SurveyStage stage, int? publishedVersion) =>
        publishedVersion is null ? "Only a published survey can be retired; this one has never been published." :
        stage == SurveyStage.Retired ? "This survey is already retired." : null;
}
