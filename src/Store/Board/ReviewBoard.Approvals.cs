using CoProduction.Store.Model;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Board;

/// <summary>The co-production stage of a survey's latest version (<see cref="Survey.Stage"/>): sending it for review, approving it, reading its state.</summary>
public sealed partial class ReviewBoard
{
    /// <summary>Asks the board to review the latest version: draft -> in review.</summary>
    public async Task<BoardOutcome<ApprovalState>> SubmitAsync(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<ApprovalState>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (LifeCycle.ClosedForReview(survey!.Stage) is { } closed) return BoardOutcome<ApprovalState>.Refused(closed);
        if (survey.Stage == SurveyStage.Draft)
        {
            survey.MoveTo(LifeCycle.AfterSubmit(survey.Stage));
            Log(surveyId, latest, memberId, "submitted", $"Version {latest} was sent to the board for review.");
            await db.SaveChangesAsync(ct);
        }
        return BoardOutcome<ApprovalState>.Ok(await ApprovalStateAsync(survey, latest, ct));
    }

    public Task<BoardOutcome<ApprovalState>> ApproveAsync(string surveyId, Guid memberId, CancellationToken ct) =>
        InOneTransactionAsync(async () =>
        {
            // Two members approving at once must not each count only their own approval and leave
            // the stage short of approved: holding the survey's row until this commits makes the
            // second wait and then count both.
            await db.Surveys.Where(s => s.Id == surveyId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Stage, s => s.Stage), ct);
            var (survey, latest, error) = await LoadAsync<ApprovalState>(surveyId, memberId, ct);
            if (error is not null) return error;
            if (survey!.Stage == SurveyStage.Retired) return BoardOutcome<ApprovalState>.Refused(LifeCycle.ClosedForReview(survey.Stage)!);

            var already = await db.Approvals.AnyAsync(a => a.SurveyId == surveyId && a.Version == latest && a.MemberId == memberId, ct);
            if (!already && survey.Stage != SurveyStage.Published)
            {
                // The approval and its history lines go in one save, so a lost race leaves none of them.
                if (survey.Stage == SurveyStage.Draft)
                    Log(surveyId, latest, memberId, "submitted", $"Version {latest} went into review with its first approval.");
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
                    // it and moved the stage, which is what this one asked for.
                    db.ChangeTracker.Clear();
                    survey = await db.Surveys.FindAsync([surveyId], ct);
                    return BoardOutcome<ApprovalState>.Ok(await ApprovalStateAsync(survey!, latest, ct));
                }
                // The quorum counts the approval just saved, so it is checked after that save.
                survey.MoveTo(LifeCycle.AfterApproval(survey.Stage, await QuorumMetAsync(surveyId, latest, ct)));
                await db.SaveChangesAsync(ct);
            }
            return BoardOutcome<ApprovalState>.Ok(await ApprovalStateAsync(survey, latest, ct));
        }, ct);

    /// <summary>The latest version's approvals and stage. Reads only.</summary>
    public async Task<BoardOutcome<ApprovalState>> StateAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return BoardOutcome<ApprovalState>.NotFound(NoSurvey(surveyId));
        return BoardOutcome<ApprovalState>.Ok(await ApprovalStateAsync(survey, await LatestAsync(surveyId, ct), ct));
    }

    /// <summary>The quorum of <see cref="CoProductionOptions"/>, from the saved approvals of a version.</summary>
    private async Task<bool> QuorumMetAsync(string surveyId, int version, CancellationToken ct) =>
        await ApprovalTally.UnmetAsync(db, surveyId, version, Quorum, ct) is null
        && await db.Approvals.AnyAsync(a => a.SurveyId == surveyId && a.Version == version, ct);

    public static string StageName(SurveyStage stage) => stage switch
    {
        SurveyStage.InReview => "in-review",
        _ => stage.ToString().ToLowerInvariant(),
    };

    private async Task<ApprovalState> ApprovalStateAsync(Survey survey, int latest, CancellationToken ct)
    {
        var count = await db.Approvals.Where(a => a.SurveyId == survey.Id && a.Version == latest).Select(a => a.MemberId).Distinct().CountAsync(ct);
        var unmet = options.Value.RequireApproval ? await ApprovalTally.UnmetAsync(db, survey.Id, latest, Quorum, ct) : null;
        return new ApprovalState(latest, count, Quorum.Approvals, unmet is null, StageName(survey.Stage), unmet);
    }
}
