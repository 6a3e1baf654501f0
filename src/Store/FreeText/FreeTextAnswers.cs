using CoProduction.Store.Accounts;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>One written answer as staff and the board read it, with its themes and quote, if any.</summary>
public sealed record FreeTextAnswer(long Id, string Text, DateTimeOffset At, Channel Channel, IReadOnlyList<long> ThemeIds, Guid? QuoteId, QuoteStatus? QuoteStatus);

/// <summary>One page of written answers, newest first.</summary>
public sealed record FreeTextPage(string SurveyId, string QuestionId, Guid? RoundId, int Page, int PageSize, int Total, IReadOnlyList<FreeTextAnswer> Answers)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads the written answers to one text question, a page at a time, newest first, for staff and
/// the board. Every read is written to the audit log (who, when, which survey, question, round
/// and page) before any answer is returned: reading people's own words is never unrecorded.
/// The words themselves never go to the logs.
/// </summary>
public sealed class FreeTextAnswers(StoreDbContext db, ResultsQuery results, AuditLog audit)
{
    public const int PageSize = 20;
    public const string AuditAction = "free-text-read";

    public async Task<FreeTextOutcome<FreeTextPage>> ReadAsync(string surveyId, string? questionId, Guid? roundId, int page, Actor who, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return FreeTextOutcome<FreeTextPage>.NotFound($"There is no survey with the id '{surveyId}'.");
        var textQuestions = await TextQuestionsAsync(surveyId, ct);
        if (string.IsNullOrWhiteSpace(questionId))
        {
            return FreeTextOutcome<FreeTextPage>.Invalid(textQuestions.Count == 0
                ? $"The survey '{surveyId}' has no text questions, so there are no written answers."
                : $"Choose a question with ?question=, one of: {string.Join(", ", textQuestions.Select(q => q.Id))}.");
        }
        var question = textQuestions.FirstOrDefault(q => q.Id == questionId);
        if (question is null) return FreeTextOutcome<FreeTextPage>.Invalid($"The survey '{surveyId}' has no text question '{questionId}'.");
        if (roundId is { } round && !await results.RoundBelongsAsync(surveyId, round, ct)) return FreeTextOutcome<FreeTextPage>.NotFound($"The survey '{surveyId}' has no round with that id.");
        if (page < 1) return FreeTextOutcome<FreeTextPage>.Invalid("Pages start at 1.");

        await audit.RecordAsync(AuditAction, who.Short, who.AccountId,
            $"Survey {surveyId}, question {questionId}, {(roundId is { } r ? $"round {r}" : "every round")}, page {page}", ct);

        var written = Written(surveyId, questionId, roundId);
        var total = await written.CountAsync(ct);
        var rows = await written.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new { a.Id, a.Value, a.At, a.Channel }).ToListAsync(ct);
        var ids = rows.Select(a => a.Id).ToList();
        var tags = await db.Set<AnswerTag>().Where(t => ids.Contains(t.AnswerId)).Select(t => new { t.AnswerId, t.ThemeId }).ToListAsync(ct);
        var quotes = await db.Set<Quote>().Where(q => ids.Contains(q.AnswerId)).Select(q => new { q.AnswerId, q.Id, q.Status }).ToListAsync(ct);
        var answers = rows.Select(a =>
        {
            var quote = quotes.FirstOrDefault(q => q.AnswerId == a.Id);
            return new FreeTextAnswer(a.Id, a.Value!, a.At, a.Channel,
                tags.Where(t => t.AnswerId == a.Id).Select(t => t.ThemeId).Order().ToList(), quote?.Id, quote?.Status);
        }).ToList();
        return new(FreeTextStatus.Done, new FreeTextPage(surveyId, questionId, roundId, page, PageSize, total, answers));
    }

    /// <summary>The survey's text questions, in its own order.</summary>
    public async Task<IReadOnlyList<Question>> TextQuestionsAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        var definition = survey is null ? null : await results.DefinitionAsync(surveyId, survey.PublishedVersion, ct);
        return definition?.Questions.Where(q => q.Type == QuestionType.Text).ToList() ?? [];
    }

    private IQueryable<Model.Answer> Written(string surveyId, string questionId, Guid? roundId) =>
        from a in db.Answers
        join s in results.LiveSessions(surveyId, roundId) on a.SessionId equals s.Id
        where a.SurveyId == surveyId && a.QuestionId == questionId && a.Status == AnswerStatus.Answered && a.Value != null
        select a;
}
