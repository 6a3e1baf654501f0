namespace CoProduction.Surveys.Review;

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
