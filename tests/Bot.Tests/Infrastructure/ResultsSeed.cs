using System.Net;
using System.Net.Http.Headers;
using CoProduction.Bot.Tests.Conversations;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// A published survey (the DESIGN.md one, id "pulse"), a round, and people's answers written into
/// the store directly, for results tests that need more people than texting each one would allow.
/// One person's answers read "happy=4 safe=? change=-": "?" unclear, "-" skipped, "text:..." text.
/// </summary>
public static class ResultsSeed
{
    private static int _nextPhone;

    public static async Task<Guid> PublishedSurveyWithRoundAsync(ServiceFactory service)
    {
        var staff = service.StaffClient();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync("/api/surveys", new StringContent(SmallSurvey.Yaml, new MediaTypeHeaderValue("application/yaml")))).StatusCode);
        await Board.ApproveAsync(staff, "pulse");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/pulse/publish", null)).StatusCode);
        return await AddRoundAsync(service);
    }

    public static async Task<Guid> AddRoundAsync(ServiceFactory service)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var round = new Round
        {
            Id = Guid.NewGuid(), SurveyId = "pulse", Version = 1, Groups = "homes", Channel = RoundChannel.Sms,
            OpensAt = DateTimeOffset.UtcNow.AddDays(-7), ClosesAt = DateTimeOffset.UtcNow.AddDays(-1), CreatedAt = DateTimeOffset.UtcNow.AddDays(-8),
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>Adds <paramref name="times"/> people who all answered the same; returns their names and phone numbers.</summary>
    public static async Task<List<(string Name, string Phone)>> AddPeopleAsync(ServiceFactory service, Guid roundId, int times, string answers, Channel channel = Channel.Sms, string language = "en")
    {
        await using var scope = service.Services.CreateAsyncScope();
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
                PersonId = person.Id, SurveyId = "pulse", Version = 1, Channel = channel, Status = InvitationStatus.Completed,
                Token = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
            };
            var session = new Session
            {
                Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "pulse", Version = 1, Status = SessionStatus.Completed,
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
                    SessionId = session.Id, PersonId = person.Id, SurveyId = "pulse", Version = 1, QuestionId = question,
                    Raw = stored ?? value, Value = stored, Status = status, Channel = channel, At = session.StartedAt,
                });
            }
            added.Add((person.Name, person.Phone));
        }
        await db.SaveChangesAsync();
        return added;
    }
}
