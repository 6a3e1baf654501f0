using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Board;

/// <summary>
/// The co-production board's work on a survey: members, review, approvals, proposals, votes,
/// comments, acceptance, retirement and "this was confusing" flags. Every action is recorded
/// with who and when (<see cref="ReviewEvent"/>).
/// </summary>
public sealed class ReviewBoard(
    StoreDbContext db,
    SurveyLibrary library,
    SurveyDefinitionCache definitions,
    IOptions<CoProductionOptions> options,
    TimeProvider time,
    FieldLimits limits)
{
    private int MaxTextLength => limits.MaxLength<WordingProposal>(nameof(WordingProposal.Text))!.Value;
    private int MaxCommentLength => limits.MaxLength<ReviewComment>(nameof(ReviewComment.Text))!.Value;

    private Quorum Quorum => options.Value.ToQuorum();

    public async Task<BoardMember> AddMemberAsync(string name, BoardRole role, Guid? accountId, CancellationToken ct)
    {
        var member = new BoardMember { Id = Guid.NewGuid(), Name = name.Trim(), Role = role, JoinedAt = time.GetUtcNow(), AccountId = accountId };
        db.BoardMembers.Add(member);
        await db.SaveChangesAsync(ct);
        return member;
    }

    public async Task<IReadOnlyList<BoardMember>> MembersAsync(CancellationToken ct) =>
        await db.BoardMembers.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);

    /// <summary>The board member an account signs in as, if any.</summary>
    public async Task<BoardMember?> MemberForAccountAsync(Guid accountId, CancellationToken ct) =>
        await db.BoardMembers.AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == accountId, ct);

    public async Task<BoardOutcome<Guid>> SetOwnerAsync(string surveyId, Guid memberId, CancellationToken ct)
    {
        var survey = await db.Surveys.FindAsync([surveyId], ct);
        if (survey is null) return BoardOutcome<Guid>.NotFound(NoSurvey(surveyId));
        var member = await db.BoardMembers.FindAsync([memberId], ct);
        if (member is null) return BoardOutcome<Guid>.NotFound(NoMember(memberId));
        survey.OwnerId = memberId;
        await LogAsync(surveyId, null, memberId, "owner", $"{member.Name} owns the survey and accepts wordings.", ct);
        return BoardOutcome<Guid>.Ok(memberId);
    }

    /// <summary>Asks the board to review the latest version: draft -> in review.</summary>
    public async Task<BoardOutcome<ApprovalState>> SubmitAsync(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<ApprovalState>(surveyId, memberId, ct);
        if (error is not null) return error;
        var stage = await StageAsync(survey!, latest, ct);
        if (LifeCycle.ClosedForReview(stage) is { } closed) return BoardOutcome<ApprovalState>.Refused(closed);
        if (stage == SurveyStage.Draft)
            await LogAsync(surveyId, latest, memberId, "submitted", $"Version {latest} was sent to the board for review.", ct);
        return BoardOutcome<ApprovalState>.Ok(await SyncAsync(survey!, latest, ct));
    }

    public async Task<BoardOutcome<ApprovalState>> ApproveAsync(string surveyId, Guid memberId, CancellationToken ct)
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
                // it, which is what this one asked for.
                db.ChangeTracker.Clear();
                survey = await db.Surveys.FindAsync([surveyId], ct);
            }
        }
        return BoardOutcome<ApprovalState>.Ok(await SyncAsync(survey!, latest, ct));
    }

    public async Task<BoardOutcome<ApprovalState>> StateAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.FindAsync([surveyId], ct);
        if (survey is null) return BoardOutcome<ApprovalState>.NotFound(NoSurvey(surveyId));
        return BoardOutcome<ApprovalState>.Ok(await SyncAsync(survey, await LatestAsync(surveyId, ct), ct));
    }

    public async Task<BoardOutcome<WordingProposal>> ProposeAsync(
        string surveyId, string questionId, string? language, string? variantName, string text, Guid memberId, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<WordingProposal>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (await StageAsync(survey!, latest, ct) == SurveyStage.Retired)
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
        await db.SaveChangesAsync(ct);
        await LogAsync(surveyId, latest, memberId, "proposed", $"Proposal {proposal.Id} for {questionId} ({language}, {variant.ToName()}): \"{proposal.Text}\"", ct);
        return BoardOutcome<WordingProposal>.Ok(proposal);
    }

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
    public async Task<BoardOutcome<int>> AcceptAsync(long proposalId, Guid memberId, CancellationToken ct)
    {
        var proposal = await db.WordingProposals.FindAsync([proposalId], ct);
        if (proposal is null) return BoardOutcome<int>.NotFound($"There is no proposal {proposalId}.");
        var survey = await db.Surveys.FindAsync([proposal.SurveyId], ct);
        if (await db.BoardMembers.FindAsync([memberId], ct) is null) return BoardOutcome<int>.NotFound(NoMember(memberId));
        if (survey!.OwnerId is null)
            return BoardOutcome<int>.Refused("This survey has no owner yet. Name one (POST /api/surveys/{id}/owner) to accept wordings.");
        if (survey.OwnerId != memberId) return BoardOutcome<int>.Refused("Only the survey's owner can accept a wording.");
        if (proposal.Status != ProposalStatus.Open) return BoardOutcome<int>.Refused("This proposal was already accepted or withdrawn.");
        if (survey.Status == SurveyStatus.Retired) return BoardOutcome<int>.Refused(LifeCycle.ClosedForReview(SurveyStage.Retired)!);

        var latest = await LatestAsync(survey.Id, ct);
        var definition = await DefinitionAsync(survey.Id, latest, ct);
        var changed = WordingEdit.Apply(definition, proposal.QuestionId, proposal.Language, proposal.Variant, proposal.Text);
        var imported = await library.ImportAsync(SurveyYamlWriter.Write(changed), ct);
        if (!imported.Succeeded)
            return BoardOutcome<int>.Invalid($"The new wording makes the survey invalid: {string.Join(" ", imported.Errors)}");

        proposal.Status = ProposalStatus.Accepted;
        proposal.AcceptedBy = memberId;
        proposal.AcceptedAt = time.GetUtcNow();
        proposal.AcceptedInVersion = imported.Version;
        await LogAsync(survey.Id, imported.Version, memberId, "accepted",
            $"Accepted proposal {proposalId} for {proposal.QuestionId} ({proposal.Language}, {proposal.Variant.ToName()}), making version {imported.Version}.", ct);
        if (imported.NewVersion)
            await LogAsync(survey.Id, imported.Version, memberId, "submitted", $"Version {imported.Version} is in review.", ct);
        await SyncAsync(survey, imported.Version!.Value, ct);
        return BoardOutcome<int>.Ok(imported.Version!.Value);
    }

    public async Task<BoardOutcome<ReviewComment>> CommentAsync(string surveyId, Guid memberId, string text, string? questionId, long? proposalId, CancellationToken ct)
    {
        var (_, latest, error) = await LoadAsync<ReviewComment>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxCommentLength) return BoardOutcome<ReviewComment>.Invalid($"Write a comment (up to {MaxCommentLength} characters).");
        if (proposalId is { } pid && !await db.WordingProposals.AnyAsync(p => p.Id == pid && p.SurveyId == surveyId, ct))
            return BoardOutcome<ReviewComment>.NotFound($"There is no proposal {pid} on this survey.");
        var comment = new ReviewComment { SurveyId = surveyId, MemberId = memberId, Text = text.Trim(), QuestionId = questionId, ProposalId = proposalId, At = time.GetUtcNow() };
        db.ReviewComments.Add(comment);
        await db.SaveChangesAsync(ct);
        await LogAsync(surveyId, latest, memberId, "commented", $"Comment {comment.Id}{(questionId is null ? "" : $" on {questionId}")}.", ct);
        return BoardOutcome<ReviewComment>.Ok(comment);
    }

    public async Task<BoardOutcome<ConfusingFlag>> FlagAsync(string surveyId, string questionId, Channel channel, Guid? memberId, string? note, CancellationToken ct)
    {
        var (_, latest, error) = await LoadAsync<ConfusingFlag>(surveyId, memberId, ct);
        if (error is not null) return error;
        if ((await DefinitionAsync(surveyId, latest, ct)).FindQuestion(questionId) is null)
            return BoardOutcome<ConfusingFlag>.Invalid($"The survey has no question '{questionId}'.");
        var flag = new ConfusingFlag { SurveyId = surveyId, Version = latest, QuestionId = questionId, Channel = channel, MemberId = memberId, Note = note?.Trim(), At = time.GetUtcNow() };
        db.ConfusingFlags.Add(flag);
        await LogAsync(surveyId, latest, memberId, "flagged", $"\"This was confusing\" at {questionId} ({channel.ToName()}).", ct);
        return BoardOutcome<ConfusingFlag>.Ok(flag);
    }

    public async Task<BoardOutcome<PilotRun>> StartPilotAsync(string surveyId, Guid memberId, Channel channel, string address, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<PilotRun>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (survey!.Status == SurveyStatus.Retired) return BoardOutcome<PilotRun>.Refused(LifeCycle.ClosedForReview(SurveyStage.Retired)!);
        if (string.IsNullOrWhiteSpace(address)) return BoardOutcome<PilotRun>.Invalid("Give the phone number (SMS, voice) or web chat user id to pilot with.");
        var normalized = channel == Channel.Web ? address.Trim() : PhoneNumbers.ToE164(address);
        if (normalized is null) return BoardOutcome<PilotRun>.Invalid("That phone number does not look right. Give it like 07700 900123 or +447700900123.");
        var pilot = new PilotRun { Id = Guid.NewGuid(), SurveyId = surveyId, Version = latest, MemberId = memberId, Channel = channel, Address = normalized, StartedAt = time.GetUtcNow() };
        db.PilotRuns.Add(pilot);
        await LogAsync(surveyId, latest, memberId, "pilot", $"Pilot of version {latest} by {channel.ToName()}.", ct);
        return BoardOutcome<PilotRun>.Ok(pilot);
    }

    public async Task<BoardOutcome<string>> RetireAsync(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<string>(surveyId, memberId, ct);
        if (error is not null) return error;
        var stage = await StageAsync(survey!, latest, ct);
        if (LifeCycle.CannotRetire(stage, survey!.PublishedVersion) is { } why) return BoardOutcome<string>.Refused(why);
        survey.Status = SurveyStatus.Retired;
        await LogAsync(surveyId, survey.PublishedVersion, memberId, "retired", "The survey was retired: nobody new can start it.", ct);
        return BoardOutcome<string>.Ok("retired");
    }

    public async Task<IReadOnlyList<ReviewEvent>> HistoryAsync(string surveyId, CancellationToken ct) =>
        await db.ReviewEvents.AsNoTracking().Where(e => e.SurveyId == surveyId).OrderBy(e => e.Id).ToListAsync(ct);

    /// <summary>Sets <see cref="Survey.Status"/> from the latest version's stage, while the survey is not being served.</summary>
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
        await db.SaveChangesAsync(ct);
        var count = await db.Approvals.Where(a => a.SurveyId == survey.Id && a.Version == latest).Select(a => a.MemberId).Distinct().CountAsync(ct);
        var unmet = options.Value.RequireApproval ? await ApprovalTally.UnmetAsync(db, survey.Id, latest, Quorum, ct) : null;
        return new ApprovalState(latest, count, Quorum.Approvals, unmet is null, StageName(stage), unmet);
    }

    public async Task<SurveyStage> StageAsync(Survey survey, int latest, CancellationToken ct)
    {
        // Pending approvals and events count too.
        await db.SaveChangesAsync(ct);
        var requested = await db.ReviewEvents.AnyAsync(e => e.SurveyId == survey.Id && e.Version == latest && e.Action == "submitted", ct);
        var approved = (await ApprovalTally.UnmetAsync(db, survey.Id, latest, Quorum, ct)) is null
            && await db.Approvals.AnyAsync(a => a.SurveyId == survey.Id && a.Version == latest, ct);
        return LifeCycle.StageOf(survey.Status == SurveyStatus.Retired, latest, survey.PublishedVersion, requested, approved);
    }

    public static string StageName(SurveyStage stage) => stage switch
    {
        SurveyStage.InReview => "in-review",
        _ => stage.ToString().ToLowerInvariant(),
    };

    private async Task<(Survey? Survey, int Latest, BoardOutcome<T>? Error)> LoadAsync<T>(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var survey = await db.Surveys.FindAsync([surveyId], ct);
        if (survey is null) return (null, 0, BoardOutcome<T>.NotFound(NoSurvey(surveyId)));
        if (memberId is { } id && await db.BoardMembers.FindAsync([id], ct) is null) return (null, 0, BoardOutcome<T>.NotFound(NoMember(id)));
        return (survey, await LatestAsync(surveyId, ct), null);
    }

    private Task<int> LatestAsync(string surveyId, CancellationToken ct) =>
        db.SurveyVersions.Where(v => v.SurveyId == surveyId).MaxAsync(v => v.Version, ct);

    public async Task<SurveyDefinition> DefinitionAsync(string surveyId, int version, CancellationToken ct)
    {
        var row = await db.SurveyVersions.AsNoTracking().FirstAsync(v => v.SurveyId == surveyId && v.Version == version, ct);
        return definitions.Get(surveyId, version, row.Yaml);
    }

    private async Task LogAsync(string surveyId, int? version, Guid? memberId, string action, string detail, CancellationToken ct)
    {
        Log(surveyId, version, memberId, action, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a history line to be saved with the change it describes.</summary>
    private void Log(string surveyId, int? version, Guid? memberId, string action, string detail)
    {
        // The history line quotes what was proposed or said; the full text is kept in its own row,
        // so a quote too long for the line is shortened rather than refusing the action.
        var room = limits.MaxLength<ReviewEvent>(nameof(ReviewEvent.Detail))!.Value;
        if (detail.Length > room) detail = detail[..(room - 3)] + "...";
        db.ReviewEvents.Add(new ReviewEvent { SurveyId = surveyId, Version = version, MemberId = memberId, Action = action, Detail = detail, At = time.GetUtcNow() });
    }

    private static string NoSurvey(string id) => $"There is no survey with the id '{id}'.";
    private static string NoMember(Guid id) => $"There is no board member with the id '{id}'. Add members with POST /api/board.";
}
