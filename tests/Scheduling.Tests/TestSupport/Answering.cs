using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Scheduling.Tests.TestSupport;

/// <summary>What the conversation would have stored when an invited person answered: a finished session tied to the invitation, and the answer.</summary>
public static class Answering
{
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
