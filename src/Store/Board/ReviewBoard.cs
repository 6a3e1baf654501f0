using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Board;

/// <summary>
/// The co-production board's work on a survey: members, review, approvals, proposals, votes,
/// comments, acceptance, retirement and "this was confusing" flags. Every action is recorded
/// with who and when (<see cref="ReviewEvent"/>). Each command is one transaction; queries never
/// write. By concept: this file (members, owner, history), ReviewBoard.Approvals.cs (stage,
/// submit, approve), ReviewBoard.Proposals.cs (propose, vote, accept, comment) and
/// ReviewBoard.Pilots.cs (flags, pilots, retirement).
/// </summary>
public sealed partial class ReviewBoard(
    StoreDbContext db,
    SurveyLibrary library,
    SurveyDefinitionCache definitions,
    IOptions<CoProductionOptions> options,
    TimeProvider time,
    FieldLimits limits)
{
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
        Log(surveyId, null, memberId, "owner", $"{member.Name} owns the survey and accepts wordings.");
        await db.SaveChangesAsync(ct);
        return BoardOutcome<Guid>.Ok(memberId);
    }

    public async Task<IReadOnlyList<ReviewEvent>> HistoryAsync(string surveyId, CancellationToken ct) =>
        await db.ReviewEvents.AsNoTracking().Where(e => e.SurveyId == surveyId).OrderBy(e => e.Id).ToListAsync(ct);

    public async Task<SurveyDefinition> DefinitionAsync(string surveyId, int version, CancellationToken ct)
    {
        var row = await db.SurveyVersions.AsNoTracking().FirstAsync(v => v.SurveyId == surveyId && v.Version == version, ct);
        return definitions.Get(surveyId, version, row.Yaml);
    }

    /// <summary>
    /// Runs a command that saves more than once as one transaction, so a failure part way
    /// (or a lost race) leaves none of its rows. Inside a caller's transaction it joins that one.
    /// </summary>
    private async Task<T> InOneTransactionAsync<T>(Func<Task<T>> command, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await command();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await command();
        await transaction.CommitAsync(ct);
        return result;
    }

    private async Task<(Survey? Survey, int Latest, BoardOutcome<T>? Error)> LoadAsync<T>(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var survey = await db.Surveys.FindAsync([surveyId], ct);
        if (survey is null) return (null, 0, BoardOutcome<T>.NotFound(NoSurvey(surveyId)));
        if (memberId is { } id && await db.BoardMembers.FindAsync([id], ct) is null) return (null, 0, BoardOutcome<T>.NotFound(NoMember(id)));
        return (survey, await LatestAsync(surveyId, ct), null);
    }

    private Task<int> LatestAsync(string surveyId, CancellationToken ct) =>
        db.SurveyVersions.Where(v => v.SurveyId == surveyId).MaxAsync(v => v.Version, ct);

    /// <summary>Adds a history line, saved with the change it describes.</summary>
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
