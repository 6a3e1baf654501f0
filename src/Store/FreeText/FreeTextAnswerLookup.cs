using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>Finds one written answer of a survey: answered (not skipped or unclear) to a text question.</summary>
public sealed class FreeTextAnswerLookup(StoreDbContext db, ResultsQuery results)
{
    /// <summary>The answer, or why it is not one that can be tagged or quoted.</summary>
    public async Task<(Answer? Answer, string? Problem)> FindAsync(string surveyId, long answerId, CancellationToken ct)
    {
        var answer = await db.Answers.AsNoTracking().FirstOrDefaultAsync(a => a.Id == answerId && a.SurveyId == surveyId, ct);
        if (answer is null) return (null, $"The survey '{surveyId}' has no answer {answerId}.");
        var definition = await results.DefinitionAsync(surveyId, answer.Version, ct);
        if (definition?.FindQuestion(answer.QuestionId)?.Type != QuestionType.Text || answer.Status != AnswerStatus.Answered || string.IsNullOrEmpty(answer.Value))
        {
            return (null, $"Answer {answerId} is not a written answer: only answers to text questions have themes and quotes.");
        }
        return (answer, null);
    }
}
