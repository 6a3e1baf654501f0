using CoProduction.Store.Results;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>One theme's count: how many written answers were tagged with it.</summary>
public sealed record ThemeCount(long ThemeId, string Name, bool Retired, int Answers);

/// <summary>
/// Tags written answers with the survey's themes. Tagging is idempotent: the same tag again, or
/// twice at the same moment, is one tag (a unique index on answer and theme).
/// </summary>
public sealed class AnswerTags(StoreDbContext db, FreeTextAnswerLookup answers, ResultsQuery results, TimeProvider time)
{
    /// <summary>Adds the themes the answer does not have yet; returns every theme it has now.</summary>
    public Task<FreeTextOutcome<IReadOnlyList<long>>> TagAsync(string surveyId, long answerId, IReadOnlyCollection<long> themeIds, Actor who, CancellationToken ct) =>
        ChangeAsync(surveyId, answerId, themeIds, removeOthers: false, who, ct);

    /// <summary>Makes the answer's themes exactly these (the page's checkboxes).</summary>
    public Task<FreeTextOutcome<IReadOnlyList<long>>> SetAsync(string surveyId, long answerId, IReadOnlyCollection<long> themeIds, Actor who, CancellationToken ct) =>
        ChangeAsync(surveyId, answerId, themeIds, removeOthers: true, who, ct);

    public async Task<FreeTextOutcome<IReadOnlyList<long>>> UntagAsync(string surveyId, long answerId, long themeId, CancellationToken ct)
    {
        var (answer, problem) = await answers.FindAsync(surveyId, answerId, ct);
        if (answer is null) return FreeTextOutcome<IReadOnlyList<long>>.NotFound(problem!);
        await db.Set<AnswerTag>().Where(t => t.AnswerId == answerId && t.ThemeId == themeId).ExecuteDeleteAsync(ct);
        return new(FreeTextStatus.Done, await ThemesOfAsync(answerId, ct));
    }

    public async Task<IReadOnlyList<long>> ThemesOfAsync(long answerId, CancellationToken ct) =>
        await db.Set<AnswerTag>().Where(t => t.AnswerId == answerId).Select(t => t.ThemeId).OrderBy(t => t).ToListAsync(ct);

    /// <summary>
    /// Every theme of the survey with how many written answers carry it, among the answers that
    /// count in results (no pilots, no abandoned attempts); one question and one round when given.
    /// </summary>
    public async Task<IReadOnlyList<ThemeCount>> CountAsync(string surveyId, string? questionId, Guid? roundId, DateTimeOffset? answeredBy, CancellationToken ct)
    {
        var tagged = TaggedAnswers(surveyId, questionId, roundId, answeredBy);
        var counts = await tagged.GroupBy(t => t.ThemeId).Select(g => new { ThemeId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var themes = await db.Set<Theme>().AsNoTracking().Where(t => t.SurveyId == surveyId).ToListAsync(ct);
        return themes
            .Select(t => new ThemeCount(t.Id, t.Name, t.Retired, counts.FirstOrDefault(c => c.ThemeId == t.Id)?.Count ?? 0))
            .Where(t => !t.Retired || t.Answers > 0)
            .OrderByDescending(t => t.Answers).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private IQueryable<AnswerTag> TaggedAnswers(string surveyId, string? questionId, Guid? roundId, DateTimeOffset? answeredBy) =>
        from t in db.Set<AnswerTag>()
        join a in db.Answers on t.AnswerId equals a.Id
        join s in results.LiveSessions(surveyId, roundId) on a.SessionId equals s.Id
        where t.SurveyId == surveyId && (questionId == null || a.QuestionId == questionId) && (answeredBy == null || a.At <= answeredBy)
        select t;

    private async Task<FreeTextOutcome<IReadOnlyList<long>>> ChangeAsync(string surveyId, long answerId, IReadOnlyCollection<long> themeIds, bool removeOthers, Actor who, CancellationToken ct)
    {
        var (answer, problem) = await answers.FindAsync(surveyId, answerId, ct);
        if (answer is null) return FreeTextOutcome<IReadOnlyList<long>>.NotFound(problem!);
        var wanted = themeIds.Distinct().ToList();
        var themes = await db.Set<Theme>().AsNoTracking().Where(t => t.SurveyId == surveyId && wanted.Contains(t.Id)).ToListAsync(ct);
        var have = await ThemesOfAsync(answerId, ct);
        if (themes.Count != wanted.Count)
        {
            return FreeTextOutcome<IReadOnlyList<long>>.Invalid($"The survey '{surveyId}' has no theme {string.Join(", ", wanted.Except(themes.Select(t => t.Id)))}. GET /api/surveys/{surveyId}/themes lists them.");
        }
        var retired = themes.Where(t => t.Retired && !have.Contains(t.Id)).ToList();
        if (retired.Count > 0)
        {
            return FreeTextOutcome<IReadOnlyList<long>>.Invalid($"The theme \"{retired[0].Name}\" is retired: add it back to the list before tagging with it.");
        }

        if (removeOthers)
        {
            await db.Set<AnswerTag>().Where(t => t.AnswerId == answerId && !wanted.Contains(t.ThemeId)).ExecuteDeleteAsync(ct);
        }
        foreach (var themeId in wanted.Except(have))
        {
            db.Add(new AnswerTag { AnswerId = answerId, ThemeId = themeId, SurveyId = surveyId, TaggedBy = who.Short, At = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
            {
                // The same tag made at the same moment by someone else: it is there, which is what was asked.
                db.ChangeTracker.Clear();
            }
        }
        return new(FreeTextStatus.Done, await ThemesOfAsync(answerId, ct));
    }
}
