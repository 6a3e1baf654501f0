using System.Globalization;
using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>
/// Counts a survey's answers for staff and the public results page. The counting is done by the
/// database (GROUP BY), so the cost grows with the number of distinct values, not of answers.
/// </summary>
public sealed class ResultsQuery(StoreDbContext db, SurveyDefinitionCache definitions)
{
    public const string Unclear = "unclear";
    public const string Skipped = "skipped";

    public Task<SurveyResults?> GetAsync(string surveyId, CancellationToken ct) => GetAsync(surveyId, null, ct);

    /// <param name="roundId">Only the answers given in this round (to its invitations); null for every answer.</param>
    public async Task<SurveyResults?> GetAsync(string surveyId, Guid? roundId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;

        var definition = await DefinitionAsync(surveyId, survey.PublishedVersion, ct);
        var questions = definition?.Questions ?? [];
        var textIds = questions.Where(q => q.Type == QuestionType.Text).Select(q => q.Id).ToList();

        // A person who started again from the beginning has an Abandoned session and a new one;
        // only the new one counts, so nobody is counted twice.
        // Pilot sessions (board members trying a draft) never mix with real answers.
        var liveSessions = LiveSessions(surveyId, roundId);

        var sessions = await liveSessions
            .GroupBy(s => 1)
            .Select(g => new { Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
            .FirstOrDefaultAsync(ct);

        // Text answers are grouped without their value: each is unique, and their words are
        // never counted or shown here.
        var groups = await (
                from a in db.Answers
                join s in liveSessions on a.SessionId equals s.Id
                where a.SurveyId == surveyId
                group a by new
                {
                    a.QuestionId,
                    a.Status,
                    Value = a.Status == AnswerStatus.Answered && !textIds.Contains(a.QuestionId) ? a.Value : null,
                }
                into g
                select new { g.Key.QuestionId, g.Key.Status, g.Key.Value, Count = g.Count() })
            .ToListAsync(ct);

        // The latest version's order first; questions only older versions asked come after.
        var order = questions.Select(q => q.Id)
            .Concat(groups.Select(g => g.QuestionId).Distinct().Order(StringComparer.Ordinal))
            .Distinct()
            .ToList();

        var results = order.Select(id =>
        {
            var rows = groups.Where(g => g.QuestionId == id).ToList();
            var counts = rows
                .Where(r => r.Status != AnswerStatus.Answered || r.Value is not null)
                .GroupBy(r => r.Status switch
                {
                    AnswerStatus.Unclear => Unclear,
                    AnswerStatus.Skipped => Skipped,
                    _ => r.Value!,
                })
                .OrderBy(g => g.Key, new CountKeyOrder(definition?.FindQuestion(id)))
                .ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
            var answered = rows.Where(r => r.Status == AnswerStatus.Answered).Sum(r => r.Count);
            return new QuestionResults(id, answered, counts);
        }).ToList();

        return new SurveyResults(surveyId, sessions?.Responses ?? 0, sessions?.Completed ?? 0, results);
    }

    /// <summary>The sessions that count: not pilots, not abandoned; only the round's when given one.</summary>
    public IQueryable<Session> LiveSessions(string surveyId, Guid? roundId)
    {
        var sessions = db.Sessions.Where(s => s.SurveyId == surveyId && s.Status != SessionStatus.Abandoned && !s.Pilot);
        if (roundId is { } round)
        {
            var invitations = db.Invitations.Where(i => i.RoundId == round).Select(i => (Guid?)i.Id);
            sessions = sessions.Where(s => invitations.Contains(s.InvitationId));
        }
        return sessions;
    }

    public Task<bool> RoundBelongsAsync(string surveyId, Guid roundId, CancellationToken ct) =>
        db.Rounds.AnyAsync(r => r.Id == roundId && r.SurveyId == surveyId, ct);

    /// <summary>The given (published) version, else the latest one imported.</summary>
    public async Task<SurveyDefinition?> DefinitionAsync(string surveyId, int? publishedVersion, CancellationToken ct)
    {
        var version = await db.SurveyVersions.AsNoTracking()
            .Where(v => v.SurveyId == surveyId && (publishedVersion == null || v.Version == publishedVersion))
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Yaml })
            .FirstOrDefaultAsync(ct);
        return version is null ? null : definitions.Get(surveyId, version.Version, version.Yaml);
    }

    /// <summary>Counts read best in the question's own order: options as listed, numbers ascending, then unclear and skipped.</summary>
    private sealed class CountKeyOrder(Question? question) : IComparer<string>
    {
        public int Compare(string? x, string? y) => Rank(x!).CompareTo(Rank(y!)) switch
        {
            0 => Tiebreak(x!, y!),
            var c => c,
        };

        private static int Rank(string key) => key switch
        {
            Unclear => 1,
            Skipped => 2,
            _ => 0,
        };

        private int Tiebreak(string x, string y)
        {
            if (question?.Type == QuestionType.Choice)
            {
                var ix = IndexOf(x);
                var iy = IndexOf(y);
                if (ix != iy) return ix.CompareTo(iy);
            }
            var nx = decimal.TryParse(x, NumberStyles.Number, CultureInfo.InvariantCulture, out var dx);
            var ny = decimal.TryParse(y, NumberStyles.Number, CultureInfo.InvariantCulture, out var dy);
            if (nx && ny) return dx.CompareTo(dy);
            if (nx != ny) return nx ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }

        private int IndexOf(string key)
        {
            var options = question!.Options;
            for (var i = 0; i < options.Count; i++)
            {
                if (options[i].Id == key) return i;
            }
            return int.MaxValue;
        }
    }
}
