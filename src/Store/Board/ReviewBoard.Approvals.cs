using CoProduction.Store.Model;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Board;

/// <summary>The co-production stage of a survey's latest version: sending it for review, approving it, reading its state.</summary>
public sealed partial class ReviewBoard
{
    /// <summary>Asks the board to review the latest version: draft -> in review.</summary>
    public async Task<BoardOutcome<ApprovalState>> SubmitAsync(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<ApprovalState>(surveyId, memberId, ct);
        if (error is not null) return error;
        var stage = await StageAsync(survey!, latest, ct);
        if (LifeCycle.ClosedForReview(stage) is { } closed) return BoardOutcome<ApprovalState>.Refused(closed);
        if (stage == SurveyStage.Draft)
        {
            survey!.ReviewRequestedVersion = latest;
            Log(surveyId, latest, memberId, "submitted", $"Version {latest} was sent to the board for review.");
        }
        var state = await SyncAsync(survey!, latest, ct);
        await db.SaveChangesAsync(ct);
        return BoardOutcome<ApprovalState>.Ok(state);
    }

    public Task<BoardOutcome<ApprovalState>> ApproveAsync(string surveyId, Guid memberId, CancellationToken ct) =>
        InOneTransactionAsync(async () =>
        {
            var (survey, latest, error) = await LoadAsync<ApprovalState>(surveyId, memberId, ct);
            if (error is not null) return error;
            var stage = await StageAsync(survey!, latest, ct);
            if (stage == SurveyStage.Retired) return BoardOutcome<ApprovalState>.Refused(LifeCycle.ClosedForReview(stage)!);

            var already = await db.Approvals.AnyAsync(a => a.SurveyId == surveyId && a.Version == latest && a.MemberId == memberId, ct);
            if (!already && stage != SurveyStage.Published)
            {
                // The approval and its history lines go in one save, so a lost race leaves none of them.
                if (stage == SurveyStage.Draft)
                {
                    survey!.ReviewRequestedVersion = latest;
                    Log(surveyId, latest, memberId, "submitted", $"Version {latest} went into review with its first approval.");
                }
                db.Approvals.Add(new Approval { SurveyId = surveyId, Version = latest, MemberId = memberId, At = time.GetUtcNow() });
                var member = await db.BoardMembers.FindAsync([memberId], ct);
                Log(surveyId, latest, memberId, "approved", $"{member!.Name} ({member.Role.ToName()}) approved version {latest}.");
                Accounts.AuditLog.Add(db, Accounts.AuditActions.Approved, member.Name, member.AccountId, $"{surveyId} version {latest}, as {member.Role.ToName()}", time.GetUtcNow());
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
                {
                    // The same member's same approval, sent twice at once: the other copy recorded
                    // it, which is what this one asked for.
                    db.ChangeTracker.Clear();
                    survey = await db.Surveys.FindAsync([surveyId], ct);
                }
            }
            // The stage counts the approval just saved, so it is worked out after that save.
            var state = await SyncAsync(survey!, latest, ct);
            await db.SaveChangesAsync(ct);
            return BoardOutcome<ApprovalState>.Ok(state);
        }, ct);

    /// <summary>The latest version's approvals and stage. Reads only.</summary>
    public async Task<BoardOutcome<ApprovalState>> StateAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return BoardOutcome<ApprovalState>.NotFound(NoSurvey(surveyId));
        var latest = await LatestAsync(surveyId, ct);
        return BoardOutcome<ApprovalState>.Ok(await ApprovalStateAsync(survey, latest, await StageAsync(survey, latest, ct), ct));
    }

    /// <summary>
    /// The stage of the latest version, from the survey's columns and the saved approvals. Reads
    /// only: a command's unsaved changes to <paramref name="survey"/> count, its unsaved approvals do not.
    /// </summary>
    public async Task<SurveyStage> StageAsync(Survey survey, int latest, CancellationToken ct)
    {
        var requested = survey.ReviewRequestedVersion == latest;
        var approved = (await ApprovalTally.UnmetAsync(db, survey.Id, latest, Quorum, ct)) is null
            && await db.Approvals.AnyAsync(a => a.SurveyId == survey.Id && a.Version == latest, ct);
        return LifeCycle.StageOf(survey.Status == SurveyStatus.Retired, latest, survey.PublishedVersion, requested, approved);
    }

    public static string StageName(SurveyStage stage) => stage switch
    {
        SurveyStage.InReview => "in-review",
        _ => stage.ToString().ToLowerInvariant(),
    };

    /// <summary>Sets <see cref="Survey.Status"/> from the latest version's stage, while the survey is not being served; the command saves it.</summary>
    private async Task<ApprovalState> SyncAsync(Survey survey, int latest, CancellationToken ct)
    {
        var stage = await StageAsync(survey, latest, ct);
        if (survey.Status is SurveyStatus.Draft or SurveyStatus.InReview or SurveyStatus.Approved)
        {
            survey.Status = stage switch
            {
                SurveyStage.InReview => SurveyStatus.InReview,
                SurveyStage.Approved => SurveyStatus.Approved,
                _ => SurveyStatus.Draft,
            };
        }
        return await ApprovalStateAsync(survey, latest, stage, ct);
    }

    private async Task<ApprovalState> ApprovalStateAsync(Survey survey, int latest, SurveyStage stage, CancellationToken ct)
    {
        var count = await db.Approvals.Where(a => a.SurveyId == survey.Id && a.Version == latest).Select(a => a.MemberId).Distinct().CountAsync(ct);
        var unmet = options.Value.RequireApproval ? await ApprovalTally.UnmetAsync(db, survey.Id, latest, Quorum, ct) : null;
        return new ApprovalState(latest, count, Quorum.Approvals, unmet is null, StageName(stage), unmet);
    }
}
