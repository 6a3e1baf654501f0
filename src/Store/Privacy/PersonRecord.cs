using CoProduction.Store.Accounts;
using CoProduction.Store.Interviews;
using CoProduction.Surveys.Review;
using CoProduction.Store.OptOuts;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Privacy;

public sealed record PersonDetails(
    Guid Id, string? Name, string? Phone, string? WebUserId, string? Language, bool EasyRead, bool SlowPace, string? PreferredChannel,
    string? TimeZone, DateOnly? ConsentDate, DateOnly? NextCheckin, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ErasedAt);

public sealed record HeldOptOut(string Keyword, DateTimeOffset At, DateTimeOffset? EndedAt, string? EndedKeyword);

public sealed record HeldAnswer(string Question, string Sent, string? Value, string Status, string Channel, DateTimeOffset At);

public sealed record HeldSession(
    Guid Id, string Survey, int Version, string Channel, string Status, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt,
    DateTimeOffset? EndedAt, bool Pilot, IReadOnlyList<HeldAnswer> Answers);

public sealed record HeldInvitation(string Survey, string Kind, string Channel, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? CompletedAt);

public sealed record HeldMessage(string Channel, string Text, DateTimeOffset At);

/// <summary>An interview with them: who asked (name and board role), how, who answered, consent, and the session holding the answers.</summary>
public sealed record HeldInterview(
    Guid Id, string Survey, string Interviewer, string InterviewerRole, string Mode, string AnsweredBy, bool Consent, string Status,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, Guid? SessionId);

/// <summary>Everything the service holds about one person, for a subject access request.</summary>
public sealed record PersonRecord(
    PersonDetails Person, IReadOnlyList<string> Groups, bool OptedOut, IReadOnlyList<HeldOptOut> OptOuts,
    IReadOnlyList<HeldSession> Sessions, IReadOnlyList<HeldInvitation> Invitations, IReadOnlyList<HeldMessage> Messages, DateTimeOffset MadeAt)
{
    public IReadOnlyList<HeldInterview> Interviews { get; init; } = [];
}

/// <summary>Gathers a <see cref="PersonRecord"/>; each one made is written in the audit log.</summary>
public sealed class PersonRecords(StoreDbContext db, TimeProvider time)
{
    /// <returns>Null when there is no such person.</returns>
    public async Task<PersonRecord?> GatherAsync(Guid personId, string actor, CancellationToken ct)
    {
        var p = await db.People.AsNoTracking().FirstOrDefaultAsync(x => x.Id == personId, ct);
        if (p is null) return null;
        var details = new PersonDetails(p.Id, p.Name, p.Phone, p.WebUserId, p.Language, p.EasyRead, p.SlowPace, p.PreferredChannel?.ToName(),
            p.TimeZone, p.ConsentDate, p.NextCheckin, p.CreatedAt, p.UpdatedAt, p.ErasedAt);
        var groups = await db.PersonGroups.AsNoTracking().Where(g => g.PersonId == personId).Select(g => g.Group).OrderBy(g => g).ToListAsync(ct);

        var optOutRows = await OptOutRegister.AllFor(db, p.Phone, personId).AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);
        var optOuts = optOutRows.Select(o => new HeldOptOut(o.Keyword, o.At, o.EndedAt, o.EndedKeyword)).ToList();

        var answers = (await PersonAnswers.Of(db, personId).AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.SessionId, a => new HeldAnswer(a.QuestionId, a.Raw, a.Value, a.Status.ToString().ToLowerInvariant(), a.Channel.ToName(), a.At));
        var sessions = (await db.Sessions.AsNoTracking().Where(s => s.PersonId == personId).ToListAsync(ct))
            .OrderBy(s => s.StartedAt)
            .Select(s => new HeldSession(s.Id, s.SurveyId, s.Version, s.Channel.ToName(), s.Status.ToString().ToLowerInvariant(), s.StartedAt,
                s.CompletedAt, s.EndedAt, s.Pilot, answers[s.Id].ToList()))
            .ToList();
        var invitations = (await db.Invitations.AsNoTracking().Where(i => i.PersonId == personId).ToListAsync(ct))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new HeldInvitation(i.SurveyId, i.Kind.ToString().ToLowerInvariant(), i.Channel.ToName(), i.Status.ToString().ToLowerInvariant(),
                i.CreatedAt, i.SentAt, i.CompletedAt))
            .ToList();
        var addresses = new[] { p.Phone, p.WebUserId }.OfType<string>().ToList();
        var messages = (await db.OutboxMessages.AsNoTracking().Where(m => addresses.Contains(m.To)).OrderBy(m => m.Id).ToListAsync(ct))
            .Select(m => new HeldMessage(m.Channel.ToName(), m.Body, m.At)).ToList();

        var interviews = (await (
                    from i in db.Interviews.AsNoTracking()
                    join a in db.Users on i.InterviewerId equals a.Id into accounts
                    from a in accounts.DefaultIfEmpty()
                    where i.PersonId == personId
                    select new { i, Interviewer = a == null ? null : a.DisplayName })
                .ToListAsync(ct))
            .OrderBy(x => x.i.StartedAt)
            .Select(x => new HeldInterview(x.i.Id, x.i.SurveyId, x.Interviewer ?? "(account removed)", x.i.InterviewerRole.ToName(), x.i.Mode.ToName(),
                x.i.AnsweredBy.ToName(), x.i.Consent, x.i.Status.ToName(), x.i.StartedAt, x.i.EndedAt, x.i.SessionId))
            .ToList();

        var now = time.GetUtcNow();
        await new AuditLog(db, time).RecordAsync(AuditActions.PersonExported, actor, null, $"Person {personId}", ct);
        return new PersonRecord(details, groups, optOutRows.Any(o => o.EndedAt == null), optOuts, sessions, invitations, messages, now) { Interviews = interviews };
    }
}
