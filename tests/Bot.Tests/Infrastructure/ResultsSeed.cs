using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// A round and people's answers written into
/// the store directly, for results tests that need more people than texting each one would allow.
/// One person's answers read "happy=4 safe=? change=-": "?" unclear, "-" skipped, "text:..." text.
/// </summary>
public static class ResultsSeed
{
    private static int _nextPhone;

    public static async Task<Guid> AddRoundAsync(IServiceProvider services, string surveyId = "pulse")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var round = new Round
        {
            Id = Guid.NewGuid(), SurveyId = surveyId, Version = 1, Groups = "homes", Channel = RoundChannel.Sms,
            OpensAt = DateTimeOffset.UtcNow.AddDays(-7), ClosesAt = DateTimeOffset.UtcNow.AddDays(-1), CreatedAt = DateTimeOffset.UtcNow.AddDays(-8),
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>Adds <paramref name="times"/> people who all answered the same; returns their names and phone numbers.</summary>
    public static async Task<List<(string Name, string Phone)>> AddPeopleAsync(
        IServiceProvider services, Guid roundId, int times, string answers, Channel channel = Channel.Sms, string language = "en", string surveyId = "pulse")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var added = new List<(string, string)>();
        for (var n = 0; n < times; n++)
        {
            var number = Interlocked.Increment(ref _nextPhone);
            var person = new Person
            {
                Id = Guid.NewGuid(), Name = $"Zebedee Quaile{number}", Phone = $"+4477009{number:D5}", Language = language,
                PreferredChannel = channel, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            var invitation = new Invitation
            {
                Id = Guid.NewGuid(), IdempotencyKey = $"round:{roundId}:{person.Id}", Kind = InvitationKind.Round, RoundId = roundId,
                PersonId = person.Id, SurveyId = surveyId, Version = 1, Channel = channel, Status = InvitationStatus.Completed,
                Token = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
            };
            var session = new Session
            {
                Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = surveyId, Version = 1, Status = SessionStatus.Completed,
                StateJson = "{}", InvitationId = invitation.Id, Channel = channel,
                StartedAt = DateTimeOffset.UtcNow.AddDays(-3), LastActivityAt = DateTimeOffset.UtcNow.AddDays(-3), CompletedAt = DateTimeOffset.UtcNow.AddDays(-3),
            };
            db.People.Add(person);
            db.Invitations.Add(invitation);
            db.Sessions.Add(session);
            foreach (var pair in answers.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var (question, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                var status = value switch { "?" => AnswerStatus.Unclear, "-" => AnswerStatus.Skipped, _ => AnswerStatus.Answered };
                var stored = status == AnswerStatus.Answered ? (value.StartsWith("text:") ? value[5..].Replace('_', ' ') : value) : null;
                db.Answers.Add(new Answer
                {
                    SessionId = session.Id, PersonId = person.Id, SurveyId = surveyId, Version = 1, QuestionId = question,
                    Raw = stored ?? value, Value = stored, Status = status, Channel = channel, At = session.StartedAt,
                });
            }
            added.Add((person.Name, person.Phone));
        }
        await db.SaveChangesAsync();
        return added;
    }
}
