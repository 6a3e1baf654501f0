using CoProduction.Store.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Board;

/// <summary>Publishing waits for the board: the version must have its quorum of approvals.</summary>
public sealed class ApprovalRule(StoreDbContext db, IOptions<CoProductionOptions> options) : IPublishRule
{
    public async Task<IReadOnlyList<string>> CheckAsync(PublishCandidate candidate, CancellationToken ct)
    {
        if (!options.Value.RequireApproval) return [];
        var unmet = await ApprovalTally.UnmetAsync(db, candidate.Survey.Id, candidate.Version.Version, options.Value.ToQuorum(), ct);
        return unmet is null ? [] : [unmet];
    }
}

internal static class ApprovalTally
{
    /// <returns>Null when the version is approved (by quorum, or by configuration).</returns>
    public static async Task<string?> UnmetAsync(StoreDbContext db, string surveyId, int version, Surveys.Review.Quorum quorum, CancellationToken ct)
    {
        var approvals = await db.Approvals.AsNoTracking()
            .Where(a => a.SurveyId == surveyId && a.Version == version)
            .Select(a => a.MemberId)
            .ToListAsync(ct);
        if (approvals.Any(m => m is null)) return null;
        var ids = approvals.Select(m => m!.Value).Distinct().ToList();
        var roles = await db.BoardMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.Role).ToListAsync(ct);
        return quorum.Unmet(roles);
    }
}
