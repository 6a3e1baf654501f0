using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Board;

public sealed record ProposalView(
    long Id, string QuestionId, string Language, string Variant, string Text, string ProposedBy, DateTimeOffset ProposedAt,
    string Status, int Votes, IReadOnlyList<string> Voters, string? AcceptedBy, DateTimeOffset? AcceptedAt, int? AcceptedInVersion,
    IReadOnlyList<WordingFinding> Findings);

public sealed record CommentView(long Id, string? QuestionId, long? ProposalId, string Member, string Text, DateTimeOffset At);

public sealed record FlagView(string QuestionId, int Version, string Channel, string? Member, string? Note, DateTimeOffset At);

public sealed record ApprovalView(int Version, string Member, string? Role, DateTimeOffset At);

public sealed record QuestionSheet(
    string Id, string Type, IReadOnlyList<QuestionWordingReview> Languages, IReadOnlyList<ProposalView> Proposals,
    IReadOnlyList<CommentView> Comments, IReadOnlyList<FlagView> Flags);

/// <summary>Everything the review page and GET /api/surveys/{id}/review show for a survey's latest version.</summary>
public sealed record ReviewSheetView(
    string SurveyId, string Title, int Version, string Stage, string? Owner, ApprovalState Approval,
    IReadOnlyList<ApprovalView> Approvals, IReadOnlyList<QuestionSheet> Questions, IReadOnlyList<CommentView> SurveyComments);

public sealed class ReviewSheet(StoreDbContext db, ReviewBoard board, WordListStore lists)
{
    public async Task<ReviewSheetView?> GetAsync(string surveyId, CancellationToken ct)
    {
        var state = await board.StateAsync(surveyId, ct);
        if (state.Status != BoardOutcomeStatus.Ok) return null;
        var approval = state.Value!;
        var survey = await db.Surveys.AsNoTracking().FirstAsync(s => s.Id == surveyId, ct);
        var definition = await board.DefinitionAsync(surveyId, approval.Version, ct);
        var checker = new WordingChecker(await lists.GetAsync(ct));
        var review = SurveyReviewer.Review(definition, checker);

        var members = await db.BoardMembers.AsNoTracking().ToDictionaryAsync(m => m.Id, ct);
        string Name(Guid? id) => id is { } g && members.TryGetValue(g, out var m) ? m.Name : "staff";

        var proposals = await db.WordingProposals.AsNoTracking().Where(p => p.SurveyId == surveyId).OrderBy(p => p.Id).ToListAsync(ct);
        var ids = proposals.Select(p => p.Id).ToList();
        var votes = await db.ProposalVotes.AsNoTracking().Where(v => ids.Contains(v.ProposalId)).ToListAsync(ct);
        var comments = await db.ReviewComments.AsNoTracking().Where(c => c.SurveyId == surveyId).OrderBy(c => c.Id).ToListAsync(ct);
        var flags = await db.ConfusingFlags.AsNoTracking().Where(f => f.SurveyId == surveyId).OrderBy(f => f.Id).ToListAsync(ct);
        var approvals = await db.Approvals.AsNoTracking().Where(a => a.SurveyId == surveyId).OrderBy(a => a.Id).ToListAsync(ct);

        ProposalView View(WordingProposal p)
        {
            var kind = p.Variant switch
            {
                WordingVariant.Sms => WordingKind.Sms,
                WordingVariant.Voice => WordingKind.Voice,
                WordingVariant.EasyRead => WordingKind.EasyRead,
                _ => WordingKind.Chat,
            };
            var pv = votes.Where(v => v.ProposalId == p.Id).ToList();
            return new ProposalView(p.Id, p.QuestionId, p.Language, p.Variant.ToName(), p.Text, Name(p.ProposedBy), p.ProposedAt,
                p.Status.ToString().ToLowerInvariant(), pv.Count, pv.Select(v => Name(v.MemberId)).ToList(),
                p.AcceptedBy is null ? null : Name(p.AcceptedBy), p.AcceptedAt, p.AcceptedInVersion,
                checker.Check(p.Text, kind, p.Language).Findings);
        }

        CommentView Comment(ReviewComment c) => new(c.Id, c.QuestionId, c.ProposalId, Name(c.MemberId), c.Text, c.At);

        var questions = definition.Questions.Select(q => new QuestionSheet(
            q.Id,
            q.Type.ToString().ToLowerInvariant(),
            review.Questions.Where(r => r.QuestionId == q.Id).ToList(),
            proposals.Where(p => p.QuestionId == q.Id).Select(View).ToList(),
            comments.Where(c => c.QuestionId == q.Id).Select(Comment).ToList(),
            flags.Where(f => f.QuestionId == q.Id).Select(f => new FlagView(f.QuestionId, f.Version, f.Channel.ToName(), f.MemberId is null ? null : Name(f.MemberId), f.Note, f.At)).ToList()))
            .ToList();

        return new ReviewSheetView(
            surveyId, survey.Title, approval.Version, approval.Stage, survey.OwnerId is null ? null : Name(survey.OwnerId), approval,
            approvals.Select(a => new ApprovalView(a.Version, a.MemberId is null ? a.Note ?? "configuration" : Name(a.MemberId),
                a.MemberId is { } m && members.TryGetValue(m, out var bm) ? bm.Role.ToName() : null, a.At)).ToList(),
            questions,
            comments.Where(c => c.QuestionId is null).Select(Comment).ToList());
    }
}
