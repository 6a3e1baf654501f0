using CoProduction.Store.Accounts;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Interviews;

/// <summary>Someone an interviewer may pick: their name and when their yearly check-in is due.</summary>
public sealed record Interviewee(Guid Id, string Name, DateOnly? NextCheckin);

public sealed record InterviewRequest(Guid PersonId, string SurveyId, InterviewMode Mode, AnsweredBy AnsweredBy, bool Consent);

public enum InterviewStartStatus { Started, NotFound, Refused }

/// <summary>What happened to a request to start: the interview (new, or theirs already in progress), or why not, in plain words.</summary>
public sealed record InterviewStart(InterviewStartStatus Status, Interview? Interview = null, string? Reason = null);

/// <summary>
/// Starting and finding interviews. Whether the person may be interviewed at all is decided
/// here, once: not after they said STOP, not after they were erased, and not without consent.
/// The survey itself is started by the host through the one turn pipeline.
/// </summary>
public sealed class InterviewBook(StoreDbContext db, TimeProvider time)
{
    public const string StoppedReason = "This person asked us to stop contacting them, so they cannot be interviewed. Only they can change that, by texting START.";
    public const string ErasedReason = "This person's details were erased at their request, so they cannot be interviewed.";
    public const string NoConsentReason = "Ask the person if they agree to the interview, and tick the box when they do.";
    public const string BusyReason = "Someone else is interviewing this person now.";

    /// <summary>People due a check-in by <paramref name="dueBy"/> (soonest first), or everyone whose name has <paramref name="name"/> in it.</summary>
    public async Task<IReadOnlyList<Interviewee>> CandidatesAsync(DateOnly dueBy, string? name, int take, CancellationToken ct)
    {
        var people = db.People.AsNoTracking().Where(p => p.ErasedAt == null);
        if (!string.IsNullOrWhiteSpace(name))
        {
            var part = name.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // Inside the query: EF makes it SQL lower(), which no server culture touches.
            people = people.Where(p => p.Name != null && p.Name.ToLower().Contains(part));
#pragma warning restore CA1304, CA1311
        }
        else
        {
            people = people.Where(p => p.NextCheckin != null && p.NextCheckin <= dueBy);
        }
        var rows = await people.OrderBy(p => p.NextCheckin).ThenBy(p => p.Name).Take(take)
            .Select(p => new { p.Id, p.Name, p.NextCheckin }).ToListAsync(ct);
        return rows.Select(p => new Interviewee(p.Id, p.Name ?? "(no name)", p.NextCheckin)).ToList();
    }

    public Task<Interview?> FindAsync(Guid id, CancellationToken ct) =>
        db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The interviewer's own interviews still in progress, oldest first.</summary>
    public async Task<IReadOnlyList<(Interview Interview, string Name)>> InProgressAsync(Guid interviewerId, CancellationToken ct)
    {
        var rows = await (
                from i in db.Interviews.AsNoTracking()
                join p in db.People on i.PersonId equals p.Id
                where i.InterviewerId == interviewerId && i.Status == InterviewStatus.InProgress
                select new { i, p.Name })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.i.StartedAt).Select(r => (r.i, r.Name ?? "(no name)")).ToList();
    }

    /// <summary>Why this person may not be interviewed now, or null when they may.</summary>
    public async Task<string?> RefusalAsync(Person person, CancellationToken ct) =>
        person.ErasedAt is not null ? ErasedReason
        : await OptOutRegister.IsOptedOutAsync(db, person.Phone, person.Id, ct) ? StoppedReason
        : null;

    /// <summary>
    /// Starts an interview (written with its audit entry in one save), or hands back the
    /// interviewer's own one in progress with the person. The survey must be published.
    /// </summary>
    public async Task<InterviewStart> StartAsync(InterviewRequest request, Guid interviewerId, string interviewerName, BoardRole role, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == request.PersonId, ct);
        if (person is null) return new InterviewStart(InterviewStartStatus.NotFound);
        if (await RefusalAsync(person, ct) is { } refusal) return new InterviewStart(InterviewStartStatus.Refused, Reason: refusal);
        if (!request.Consent) return new InterviewStart(InterviewStartStatus.Refused, Reason: NoConsentReason);
        var version = await db.Surveys.AsNoTracking().Where(s => s.Id == request.SurveyId).Select(s => s.PublishedVersion).FirstOrDefaultAsync(ct);
        if (version is null) return new InterviewStart(InterviewStartStatus.NotFound, Reason: "There is no published survey with that name.");

        if (await OpenAsync(person.Id, ct) is { } open) return Existing(open, interviewerId);
        var now = time.GetUtcNow();
        var interview = new Interview
        {
            Id = Guid.CreateVersion7(now),
            PersonId = person.Id,
            SurveyId = request.SurveyId,
            Version = version.Value,
            InterviewerId = interviewerId,
            InterviewerRole = role,
            Mode = request.Mode,
            AnsweredBy = request.AnsweredBy,
            Consent = true,
            Status = InterviewStatus.InProgress,
            StartedAt = now,
        };
        db.Interviews.Add(interview);
        AuditLog.Add(db, AuditActions.InterviewStarted, interviewerName, interviewerId,
            $"Interview {interview.Id}: person {person.Id}, survey {request.SurveyId}, {request.Mode.ToName()}, answered by {request.AnsweredBy.ToName()}", now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // Pressed twice at once: the other press started it (and it cannot have ended since,
            // as its survey has not begun).
            db.ChangeTracker.Clear();
            var other = await OpenAsync(person.Id, ct);
            return other is null ? new InterviewStart(InterviewStartStatus.Refused, Reason: BusyReason) : Existing(other, interviewerId);
        }
        db.ChangeTracker.Clear();
        return new InterviewStart(InterviewStartStatus.Started, interview);
    }

    /// <summary>
    /// The person's invitation the interview answers: one for the same survey not yet finished
    /// (not sent yet, or sent and open), newest first. The interview's session carries it, so
    /// finishing the interview completes it and moves the check-in on by the same rule as a
    /// survey finished by text, call or chat (ConversationStore.Events, InvitationProgress).
    /// </summary>
    public async Task<Guid?> InvitationAnsweredAsync(Guid personId, string surveyId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.Invitations.AsNoTracking()
            .Where(i => i.PersonId == personId && i.SurveyId == surveyId && i.Kind != InvitationKind.Results
                        && !InvitationStatusRules.Final.Contains(i.Status) && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => (Guid?)i.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Remembers the last turn, so the page can show its replies again after a reload.</summary>
    public Task RememberTurnAsync(Guid interviewId, string turnId, CancellationToken ct) =>
        db.Interviews.Where(i => i.Id == interviewId).ExecuteUpdateAsync(u => u.SetProperty(i => i.LastTurnId, turnId), ct);

    private Task<Interview?> OpenAsync(Guid personId, CancellationToken ct) =>
        db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.PersonId == personId && i.Status == InterviewStatus.InProgress, ct);

    private static InterviewStart Existing(Interview open, Guid interviewerId) => open.InterviewerId == interviewerId
        ? new InterviewStart(InterviewStartStatus.Started, open)
        : new InterviewStart(InterviewStartStatus.Refused, Reason: BusyReason);
}
