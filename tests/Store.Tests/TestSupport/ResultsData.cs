using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>
/// People's answers written straight into the store, for results tests. One person is a line
/// like "happy=4 safe=? change=-": "?" is unclear, "-" is skipped, "text:..." a text answer.
/// </summary>
public static class ResultsData
{
    private static int _nextPhone;

    public static Task<Guid> AddRoundAsync(TestStore store, string surveyId = "checkin") =>
        store.Db(async db =>
        {
            var round = new Round
            {
                Id = Guid.NewGuid(), SurveyId = surveyId, Version = 1, Groups = "homes", Channel = RoundChannel.Sms,
                OpensAt = store.Time.GetUtcNow(), ClosesAt = store.Time.GetUtcNow().AddDays(14), CreatedAt = store.Time.GetUtcNow(),
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            return round.Id;
        });

    /// <summary>Adds the same answers for <paramref name="times"/> people.</summary>
    public static Task AddPeopleAsync(TestStore store, Guid? roundId, int times, string answers, string surveyId = "checkin",
        string? language = null, string? group = null, Channel channel = Channel.Sms, SessionStatus status = SessionStatus.Completed) =>
        AddAsync(store, roundId, surveyId, language, group, channel, status, Enumerable.Repeat(answers, times).ToArray());

    /// <summary>People invited to the round who never answered.</summary>
    public static Task AddInvitedAsync(TestStore store, Guid roundId, int times, string surveyId = "checkin") =>
        store.Db(async db =>
        {
            for (var n = 0; n < times; n++)
            {
                var person = new Person { Id = Guid.NewGuid() };
                db.People.Add(person);
                db.Invitations.Add(new Invitation
                {
                    Id = Guid.NewGuid(), IdempotencyKey = $"round:{roundId}:{person.Id}", Kind = InvitationKind.Round, RoundId = roundId,
                    PersonId = person.Id, SurveyId = surveyId, Version = 1, Channel = Channel.Sms, Status = InvitationStatus.Sent,
                    Token = Guid.NewGuid().ToString("N"),
                });
            }
            return await db.SaveChangesAsync();
        });

    public static Task AddAsync(TestStore store, Guid? roundId, string surveyId, params string[] people) =>
        AddAsync(store, roundId, surveyId, null, null, Channel.Sms, SessionStatus.Completed, people);

    private static Task AddAsync(TestStore store, Guid? roundId, string surveyId, string? language, string? group, Channel channel, SessionStatus sessionStatus, string[] people) =>
        store.Db(async db =>
        {
            foreach (var line in people)
            {
                var person = new Person { Id = Guid.NewGuid(), Name = "Alice Example", Phone = $"+447700{Interlocked.Increment(ref _nextPhone) % 1000000:D6}", Language = language };
                if (group is not null) db.PersonGroups.Add(new PersonGroup { PersonId = person.Id, Group = group });
                Guid? invitationId = null;
                if (roundId is { } round)
                {
                    var invitation = new Invitation
                    {
                        Id = Guid.NewGuid(), IdempotencyKey = $"round:{round}:{person.Id}", Kind = InvitationKind.Round, RoundId = round,
                        PersonId = person.Id, SurveyId = surveyId, Version = 1, Channel = channel, Status = InvitationStatus.Completed,
                        Token = Guid.NewGuid().ToString("N"),
                    };
                    db.Invitations.Add(invitation);
                    invitationId = invitation.Id;
                }
                var session = new Session
                {
                    Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = surveyId, Version = 1, Status = sessionStatus,
                    StateJson = "{}", InvitationId = invitationId, Channel = channel,
                };
                db.People.Add(person);
                db.Sessions.Add(session);
                foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var (question, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                    var status = value switch { "?" => AnswerStatus.Unclear, "-" => AnswerStatus.Skipped, _ => AnswerStatus.Answered };
                    var stored = status == AnswerStatus.Answered ? (value.StartsWith("text:") ? value[5..].Replace('_', ' ') : value) : null;
                    db.Answers.Add(new Answer
                    {
                        SessionId = session.Id, PersonId = person.Id, SurveyId = surveyId, Version = 1, QuestionId = question,
                        Raw = stored ?? value, Value = stored, Status = status, Channel = channel,
                    });
                }
            }
            return await db.SaveChangesAsync();
        });
}
