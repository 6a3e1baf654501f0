using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>Written answers to the sample survey's text question "change", one person each, an hour apart from <see cref="TestStore.Start"/>.</summary>
public static class FreeTextData
{
    public static Task<List<long>> AddWrittenAsync(TestStore store, Guid? roundId, params string[] texts) =>
        AddWrittenAsync(store, roundId, TestStore.Start, texts);

    public static Task<List<long>> AddWrittenAsync(TestStore store, Guid? roundId, DateTimeOffset first, params string[] texts) =>
        store.Db(async db =>
        {
            var answers = new List<Answer>();
            for (var i = 0; i < texts.Length; i++)
            {
                var person = new Person { Id = Guid.NewGuid() };
                Guid? invitationId = null;
                if (roundId is { } round)
                {
                    var invitation = new Invitation
                    {
                        Id = Guid.NewGuid(), IdempotencyKey = $"round:{round}:{person.Id}", Kind = InvitationKind.Round, RoundId = round,
                        PersonId = person.Id, SurveyId = "checkin", Version = 1, Channel = Channel.Sms, Status = InvitationStatus.Completed,
                        Token = Guid.NewGuid().ToString("N"),
                    };
                    db.Invitations.Add(invitation);
                    invitationId = invitation.Id;
                }
                var session = new Session
                {
                    Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "checkin", Version = 1, Status = SessionStatus.Completed,
                    StateJson = "{}", InvitationId = invitationId, Channel = Channel.Sms,
                };
                db.People.Add(person);
                db.Sessions.Add(session);
                var answer = new Answer
                {
                    SessionId = session.Id, PersonId = person.Id, SurveyId = "checkin", Version = 1, QuestionId = "change",
                    Raw = texts[i], Value = texts[i], Status = AnswerStatus.Answered, Channel = Channel.Sms, At = first.AddHours(i),
                };
                db.Answers.Add(answer);
                answers.Add(answer);
            }
            await db.SaveChangesAsync();
            return answers.Select(a => a.Id).ToList();
        });
}
