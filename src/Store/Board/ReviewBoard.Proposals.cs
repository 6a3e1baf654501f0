using CoProduction.Store.Model;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Board;

/// <summary>Changing a survey's wording: proposals, votes on them, the owner accepting one, and comments.</summary>
public sealed partial class ReviewBoard
{
    private int MaxTextLength => limits.MaxLength<WordingProposal>(nameof(WordingProposal.Text))!.Value;
    private int MaxCommentLength => limits.MaxLength<ReviewComment>(nameof(ReviewComment.Text))!.Value;

    public Task<BoardOutcome<WordingProposal>> ProposeAsync(
        string surveyId, string questionId, string? language, string? variantName, string text, Guid memberId, CancellationToken ct) =>
        InOneTransactionAsync(async () =>
        {
            var (survey, latest, error) = await LoadAsync<WordingProposal>(surveyId, memberId, ct);
            if (error is not null) return error;
            if (survey!.Stage == SurveyStage.Retired)
                return BoardOutcome<WordingProposal>.Refused(LifeCycle.ClosedForReview(SurveyStage.Retired)!);
            var definition = await DefinitionAsync(surveyId, latest, ct);
            if (definition.FindQuestion(questionId) is null)
                return BoardOutcome<WordingProposal>.Invalid($"The survey has no question '{questionId}'. Its questions are: {string.Join(", ", definition.Questions.Select(q => q.Id))}.");
            language = string.IsNullOrWhiteSpace(language) ? definition.DefaultLanguage : language.Trim().ToLowerInvariant();
            if (!definition.Languages.Contains(language))
                return BoardOutcome<WordingProposal>.Invalid($"The survey is not written in '{language}'. Its languages are: {string.Join(", ", definition.Languages)}.");
            if (!WordingVariants.TryParse(variantName, out var variant))
                return BoardOutcome<WordingProposal>.Invalid("The wording to change must be text, easy-read, sms, voice or web.");
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
                return BoardOutcome<WordingProposal>.Invalid($"Write the new wording (up to {MaxTextLength} characters).");

            var proposal = new WordingProposal
            {
                SurveyId = surveyId, Version = latest, QuestionId = questionId, Language = language, Variant = variant,
                Text = text.Trim(), ProposedBy = memberId, ProposedAt = time.GetUtcNow(), Status = ProposalStatus.Open,
            };
            db.WordingProposals.Add(proposal);
            // The history line names the proposal by its id, which the first save gives it.
            await db.SaveChangesAsync(ct);
            Log(surveyId, latest, memberId, "proposed", $"Proposal {proposal.Id} for {questionId} ({language}, {variant.ToName()}): \"{proposal.Text}\"");
            await db.SaveChangesAsync(ct);
            return BoardOutcome<WordingProposal>.Ok(proposal);
        }, ct);

    /// <summary>One vote per member per question, language and variant: voting again moves the vote.</summary>
    public async Task<BoardOutcome<int>> VoteAsync(long proposalId, Guid memberId, CancellationToken ct)
    {
        var proposal = await db.WordingProposals.FindAsync([proposalId], ct);
        if (proposal is null) return BoardOutcome<int>.NotFound($"There is no proposal {proposalId}.");
        if (await db.BoardMembers.FindAsync([memberId], ct) is null) return BoardOutcome<int>.NotFound(NoMember(memberId));
        if (proposal.Status != ProposalStatus.Open) return BoardOutcome<int>.Refused("This proposal is no longer open for votes.");

        var sameSlot = db.WordingProposals.Where(p => p.SurveyId == proposal.SurveyId && p.QuestionId == proposal.QuestionId
            && p.Language == proposal.Language && p.Variant == proposal.Variant).Select(p => p.Id);
        var previous = await db.ProposalVotes.Where(v => v.MemberId == memberId && sameSlot.Contains(v.ProposalId)).ToListAsync(ct);
        if (!previous.Any(v => v.ProposalId == proposalId))
        {
            db.ProposalVotes.RemoveRange(previous);
            db.ProposalVotes.Add(new ProposalVote { ProposalId = proposalId, MemberId = memberId, At = time.GetUtcNow() });
            Log(proposal.SurveyId, proposal.Version, memberId, "voted", $"Voted for proposal {proposalId}.");
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
            {
                // The same vote sent twice at once: the other copy counted it.
                db.ChangeTracker.Clear();
            }
        }
        return BoardOutcome<int>.Ok(await db.ProposalVotes.CountAsync(v => v.ProposalId == proposalId, ct));
    }

    /// <summary>The owner accepts a wording: it becomes a new version, which needs approving again.</summary>
    public Task<BoardOutcome<int>> AcceptAsync(long proposalId, Guid memberId, CancellationToken ct) =>
        InOneTransactionAsync(async () =>
        {
            var proposal = await db.WordingProposals.FindAsync([proposalId], ct);
            if (proposal is null) return BoardOutcome<int>.NotFound($"There is no proposal {proposalId}.");
            var survey = await db.Surveys.FindAsync([proposal.SurveyId], ct);
            if (await db.BoardMembers.FindAsync([memberId], ct) is null) return BoardOutcome<int>.NotFound(NoMember(memberId));
            if (survey!.OwnerId is null)
                return BoardOutcome<int>.Refused("This survey has no owner yet. Name one (POST /api/surveys/{id}/owner) to accept wordings.");
            if (survey.OwnerId != memberId) return BoardOutcome<int>.Refused("Only the survey's owner can accept a wording.");
            if (proposal.Status != ProposalStatus.Open) return BoardOutcome<int>.Refused("This proposal was already accepted or withdrawn.");
            if (survey.Stage == SurveyStage.Retired) return BoardOutcome<int>.Refused(LifeCycle.ClosedForReview(SurveyStage.Retired)!);

            var latest = await LatestAsync(survey.Id, ct);
            var definition = await DefinitionAsync(survey.Id, latest, ct);
            var changed = WordingEdit.Apply(definition, proposal.QuestionId, proposal.Language, proposal.Variant, proposal.Text);
            // The library saves the new version; the transaction keeps it with the acceptance below.
            var imported = await library.ImportAsync(SurveyYamlWriter.Write(changed), ct);
            if (!imported.Succeeded)
                return BoardOutcome<int>.Invalid($"The new wording makes the survey invalid: {string.Join(" ", imported.Errors)}");

            var version = imported.Version!.Value;
            proposal.Status = ProposalStatus.Accepted;
            proposal.AcceptedBy = memberId;
            proposal.AcceptedAt = time.GetUtcNow();
            proposal.AcceptedInVersion = version;
            Log(survey.Id, version, memberId, "accepted",
                $"Accepted proposal {proposalId} for {proposal.QuestionId} ({proposal.Language}, {proposal.Variant.ToName()}), making version {version}.");
            if (imported.NewVersion)
            {
                // The library made the new version a draft; the board asked for it, so it is in review.
                survey.MoveTo(LifeCycle.AfterSubmit(survey.Stage));
                Log(survey.Id, version, memberId, "submitted", $"Version {version} is in review.");
            }
            await db.SaveChangesAsync(ct);
            return BoardOutcome<int>.Ok(version);
        }, ct);

    public Task<BoardOutcome<ReviewComment>> CommentAsync(string surveyId, Guid memberId, string text, string? questionId, long? proposalId, CancellationToken ct) =>
        InOneTransactionAsync(async () =>
        {
            var (_, latest, error) = await LoadAsync<ReviewComment>(surveyId, memberId, ct);
            if (error is not null) return error;
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxCommentLength) return BoardOutcome<ReviewComment>.Invalid($"Write a comment (up to {MaxCommentLength} characters).");
            if (proposalId is { } pid && !await db.WordingProposals.AnyAsync(p => p.Id == pid && p.SurveyId == surveyId, ct))
                return BoardOutcome<ReviewComment>.NotFound($"There is no proposal {pid} on this survey.");
            var comment = new ReviewComment { SurveyId = surveyId, MemberId = memberId, Text = text.Trim(), QuestionId = questionId, ProposalId = proposalId, At = time.GetUtcNow() };
            db.ReviewComments.Add(comment);
            // The history line names the comment by its id, which the first save gives it.
            await db.SaveChangesAsync(ct);
            Log(surveyId, latest, memberId, "commented", $"Comment {comment.Id}{(questionId is null ? "" : $" on {questionId}")}.");
            await db.SaveChangesAsync(ct);
            return BoardOutcome<ReviewComment>.Ok(comment);
        }, ct);
}
