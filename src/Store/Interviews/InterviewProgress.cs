using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Interviews;

/// <summary>
/// What a turn of an interview writes to the interview itself, in the turn's own transaction
/// (called from ConversationStore.Events): the session it started, and how it ended. So an
/// interview can never point at a session that was not saved, nor stay "in progress" after its
/// survey finished.
/// </summary>
internal static class InterviewProgress
{
    /// <summary>The person's interview in progress now holds the session this turn started.</summary>
    public static async Task LinkAsync(StoreDbContext db, Guid personId, Guid sessionId, CancellationToken ct)
    {
        var interview = db.Interviews.Local.FirstOrDefault(i => i.PersonId == personId && i.Status == InterviewStatus.InProgress)
            ?? await db.Interviews.FirstOrDefaultAsync(i => i.PersonId == personId && i.Status == InterviewStatus.InProgress, ct);
        // A started survey with no interview in progress is a bug in the caller, not the person's doing.
        if (interview is null) throw new InvalidOperationException("An interview turn started a survey, but the person has no interview in progress.");
        interview.SessionId = sessionId;
    }

    /// <summary>The interview whose session this was finishes with it; a session set aside to start again does not end it.</summary>
    public static async Task FinishAsync(StoreDbContext db, Guid sessionId, SessionStatus status, DateTimeOffset now, CancellationToken ct)
    {
        if (status == SessionStatus.Abandoned) return;
        var interview = db.Interviews.Local.FirstOrDefault(i => i.SessionId == sessionId)
            ?? await db.Interviews.FirstOrDefaultAsync(i => i.SessionId == sessionId, ct);
        if (interview is null || interview.Status != InterviewStatus.InProgress) return;
        interview.Status = status == SessionStatus.Completed ? InterviewStatus.Completed : InterviewStatus.Ended;
        interview.EndedAt = now;
    }
}
