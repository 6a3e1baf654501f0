using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Conversations;

/// <summary>What each event a turn raised writes to the store.</summary>
public sealed partial class ConversationStore
{
    private async Task ApplyAsync(
        SurveyEvent e, Person person, ChannelAddress address, string? ourNumber, bool inbound, DateTimeOffset now, CancellationToken ct)
    {
        switch (e)
        {
            case SessionStarted started:
                db.Sessions.Add(NewSession(started, person.Id, address.Channel, now));
                if (address.Channel == Channel.Interview) await Interviews.InterviewProgress.LinkAsync(db, person.Id, started.SessionId, ct);
                // A survey we texted out has not "started" until the person answers; a call they
                // picked up or a chat link they opened has.
                if (started.InvitationId is { } invited && inbound)
                {
                    await InvitationProgress.AdvanceAsync(db, invited, InvitationStatus.Started, now, ct);
                }
                break;

            case QuestionFlagged flagged:
                db.ConfusingFlags.Add(new ConfusingFlag
                {
                    SurveyId = flagged.SurveyId,
                    Version = flagged.Version,
                    QuestionId = flagged.QuestionId,
                    Channel = address.Channel,
                    Note = "Flagged during a pilot.",
                    At = now,
                    // The board member who started the pilot from this phone or chat.
                    MemberId = (await db.PilotRuns.AsNoTracking().Where(p => p.Address == address.Id && p.SurveyId == flagged.SurveyId)
                        .Select(p => new { p.MemberId, p.StartedAt }).ToListAsync(ct))
                        .OrderByDescending(p => p.StartedAt).Select(p => (Guid?)p.MemberId).FirstOrDefault(),
                });
                break;

            case AnswerRecorded answer:
                if ((await SessionAsync(answer.SessionId, ct)).InvitationId is { } answering)
                {
                    await InvitationProgress.AdvanceAsync(db, answering, InvitationStatus.Started, now, ct);
                }
                db.Answers.Add(new Answer
                {
                    SessionId = answer.SessionId,
                    PersonId = person.Id,
                    SurveyId = answer.SurveyId,
                    Version = answer.Version,
                    QuestionId = answer.QuestionId,
                    Raw = answer.Raw,
                    Value = answer.Value,
                    Status = answer.Status,
                    Channel = address.Channel,
                    At = now,
                });
                break;

            case SessionCompleted completed:
            {
                var session = await SessionAsync(completed.SessionId, ct);
                session.Status = SessionStatus.Completed;
                session.CompletedAt = now;
                session.LastActivityAt = now;
                await Interviews.InterviewProgress.FinishAsync(db, completed.SessionId, SessionStatus.Completed, now, ct);
                if (session.InvitationId is { } completing)
                {
                    await InvitationProgress.AdvanceAsync(db, completing, InvitationStatus.Completed, now, ct);
                }
                break;
            }

            case SessionEnded ended:
            {
                var session = await SessionAsync(ended.SessionId, ct);
                session.Status = ended.Reason;
                session.EndedAt = now;
                session.LastActivityAt = now;
                await Interviews.InterviewProgress.FinishAsync(db, ended.SessionId, ended.Reason, now, ct);
                if (session.InvitationId is { } ending && ended.Reason is SessionStatus.Stopped or SessionStatus.Expired)
                {
                    await InvitationProgress.AdvanceAsync(
                        db, ending, ended.Reason == SessionStatus.Stopped ? InvitationStatus.OptedOut : InvitationStatus.Expired, now, ct);
                }
                break;
            }

            case OptedOut optedOut:
                await OptOutRegister.RecordAsync(db, address.Phone ?? person.Phone, person.Id, optedOut.Keyword, ourNumber, now, ct);
                break;

            case OptedIn optedIn:
            {
                var phone = address.Phone ?? person.Phone;
                // The engine only opts back in on a text; this guards the rule should it ever slip.
                if (address.Channel is Channel.Voice or Channel.Interview || (address.Channel == Channel.Web && phone is not null))
                    throw new InvalidOperationException($"An opt-out can only be lifted by a text or by staff, not on {address.Channel.ToName()}.");
                await OptOutRegister.OptBackInAsync(db, phone, person.Id, optedIn.Keyword, now, ct);
                break;
            }

            case LanguageChanged changed:
                SetPreferences(person, changed.Language, person.EasyRead, now);
                break;

            default:
                // A new event type the store does not know yet must not be dropped silently.
                throw new InvalidOperationException($"The store cannot record a {e.GetType().Name} event yet.");
        }
    }

    /// <summary>The row of a survey started this turn (EF adds it, or the prepared save inserts it).</summary>
    private static Session NewSession(SessionStarted started, Guid personId, Channel channel, DateTimeOffset now) => new()
    {
        Id = started.SessionId,
        PersonId = personId,
        SurveyId = started.SurveyId,
        Version = started.Version,
        Channel = channel,
        Status = SessionStatus.Active,
        // Replaced by the turn's final state; stays "{}" only for a session that also ended in
        // this turn, which is never loaded again.
        StateJson = "{}",
        StartedAt = now,
        LastActivityAt = now,
        InvitationId = started.InvitationId,
        Pilot = started.Pilot,
    };
}
