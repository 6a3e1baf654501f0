using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>Everything on the staff and board results page for one survey and round.</summary>
public sealed record StaffResults(
    string SurveyId,
    string Title,
    SurveyDefinition? Definition,
    IReadOnlyList<RoundSummary> Rounds,
    RoundSummary? Round,
    RoundSummary? PreviousRound,
    SurveyResults Counts,
    IReadOnlyList<QuestionStats> Questions,
    IReadOnlyDictionary<string, QuestionStats> Previous,
    Breakdown Breakdown,
    IReadOnlyList<Participation> BreakdownRows);

/// <summary>
/// The staff and board results: whole counts (no disclosure control: these people may see them),
/// per round, against the round before, with one breakdown at a time. Every figure is counted by
/// the database (GROUP BY).
/// </summary>
public sealed class StaffResultsQuery(StoreDbContext db, ResultsQuery results)
{
    public const string NotGiven = "not given";

    public async Task<StaffResults?> GetAsync(string surveyId, Guid? roundId, Breakdown breakdown, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var rounds = await RoundsAsync(surveyId, ct);
        var round = roundId is { } id ? rounds.FirstOrDefault(r => r.Id == id) : null;
        if (roundId is not null && round is null) return null;

        var definition = await results.DefinitionAsync(surveyId, survey.PublishedVersion, ct);
        var counts = (await results.GetAsync(surveyId, roundId, ct))!;
        var questions = counts.Questions.Select(q => QuestionStats.From(q, definition?.FindQuestion(q.Id)?.Type)).ToList();

        // Rounds are listed newest first: the one before is the next in the list.
        var previousRound = round is null ? null : rounds.SkipWhile(r => r.Id != round.Id).Skip(1).FirstOrDefault();
        var previous = new Dictionary<string, QuestionStats>();
        if (previousRound is not null)
        {
            var before = (await results.GetAsync(surveyId, previousRound.Id, ct))!;
            foreach (var q in before.Questions) previous[q.Id] = QuestionStats.From(q, definition?.FindQuestion(q.Id)?.Type);
        }

        var rows = await BreakdownAsync(surveyId, roundId, breakdown, ct);
        return new StaffResults(surveyId, survey.Title, definition, rounds, round, previousRound, counts, questions, previous, breakdown, rows);
    }

    /// <summary>The survey's rounds, newest first, each with its invited, answered and finished counts.</summary>
    public async Task<IReadOnlyList<RoundSummary>> RoundsAsync(string surveyId, CancellationToken ct)
    {
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.SurveyId == surveyId)
            .Select(r => new { r.Id, r.OpensAt, r.Groups }).ToListAsync(ct);
        var invited = await db.Invitations.Where(i => i.SurveyId == surveyId && i.RoundId != null)
            .GroupBy(i => i.RoundId).Select(g => new { Round = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var answered = await (
                from s in results.LiveSessions(surveyId, null)
                join i in db.Invitations on s.InvitationId equals i.Id
                where i.RoundId != null
                group s by i.RoundId into g
                select new { Round = g.Key!.Value, Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
            .ToListAsync(ct);

        return rounds
            .OrderByDescending(r => r.OpensAt).ThenBy(r => r.Id)
            .Select(r =>
            {
                var a = answered.FirstOrDefault(x => x.Round == r.Id);
                var label = $"{r.OpensAt:d MMM yyyy} ({r.Groups.Replace(";", ", ")})";
                return new RoundSummary(r.Id, r.OpensAt, r.Groups,
                    new Participation(label, invited.FirstOrDefault(x => x.Round == r.Id)?.Count ?? 0, a?.Responses ?? 0, a?.Completed ?? 0));
            })
            .ToList();
    }

    private async Task<IReadOnlyList<Participation>> BreakdownAsync(string surveyId, Guid? roundId, Breakdown breakdown, CancellationToken ct)
    {
        var sessions = results.LiveSessions(surveyId, roundId);
        var rows = breakdown switch
        {
            Breakdown.Channel => (await sessions
                    .GroupBy(s => s.Channel)
                    .Select(g => new { Key = g.Key, Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
                    .ToListAsync(ct))
                .Select(r => new Participation(r.Key.ToString(), null, r.Responses, r.Completed)),
            Breakdown.Language => (await (
                    from s in sessions
                    join p in db.People on s.PersonId equals p.Id
                    group s by p.Language into g
                    select new { g.Key, Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
                    .ToListAsync(ct))
                .Select(r => new Participation(r.Key ?? NotGiven, null, r.Responses, r.Completed)),
            // A person in two groups counts in both: each group sees its own people.
            Breakdown.Group => (await (
                    from s in sessions
                    join g in db.PersonGroups on s.PersonId equals g.PersonId
                    group s by g.Group into g
                    select new { g.Key, Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
                    .ToListAsync(ct))
                .Select(r => new Participation(r.Key, null, r.Responses, r.Completed)),
            _ => [],
        };
        return rows.OrderByDescending(r => r.Responses).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
    }
}
