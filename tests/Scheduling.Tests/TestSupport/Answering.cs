using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Scheduling.Tests.TestSupport;

/// <summary>What the conversation would have stored: a start's open session, or an invited person's answer (a finished session tied to the invitation).</summary>
public static class Answering
{
    /// <summary>The session an SMS start saves before its texts go: open, tied to the invitation, at revision 1.</summary>
    public static Task StartedAsync(this Harness h, Guid invitationId, Guid personId) => h.Db(db =>
    {
        var now = h.Time.GetUtcNow();
        db.Sessions.Add(new Session
        {
            Id = Guid.NewGuid(), PersonId = personId, SurveyId = "checkin", Version = 1, Channel = Channel.Sms,
            Status = SessionStatus.Active, StateJson = "{}", StartedAt = now, LastActivityAt = now, InvitationId = invitationId, Revision = 1,
        });
        return db.SaveChangesAsync();
    });

    public static Task AnswerAsync(this Harness h, Invitation invitation, string questionId, string value, Channel? channel = null) => h.Db(async db =>
    {
        var now = h.Time.GetUtcNow();
        var session = new Session
        {
            Id = Guid.NewGuid(), PersonId = invitation.PersonId, SurveyId = invitation.SurveyId, Version = invitation.Version,
            Channel = channel ?? invitation.Channel, Status = SessionStatus.Completed, StateJson = "{}",
            StartedAt = now, LastActivityAt = now, CompletedAt = now, InvitationId = invitation.Id,
        };
        db.Sessions.Add(session);
        db.Answers.Add(new Answer
        {
            SessionId = session.Id, PersonId = invitation.PersonId, SurveyId = invitation.SurveyId, Version = invitation.Version,
            QuestionId = questionId, Raw = value, Value = value, Status = AnswerStatus.Answered, Channel = session.Channel, At = now,
        });
        return await db.SaveChangesAsync();
    });
}
