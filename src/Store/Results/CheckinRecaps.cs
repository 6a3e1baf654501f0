using System.Globalization;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Understanding;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>
/// The opening of a yearly check-in: "Last year you told us ...; we did ...". The person's own
/// answer from their last finished check-in (theirs alone, so no disclosure rule is needed) and
/// the latest "done" action, preferably one about that same question. Nothing when they have no
/// earlier check-in, or when nothing was done yet: an empty promise is worse than none.
/// </summary>
public sealed class CheckinRecaps(StoreDbContext db, ResultsQuery results)
{
    public async Task<Prompt?> ForAsync(Guid personId, string surveyId, CancellationToken ct)
    {
        var last = await db.Sessions.AsNoTracking()
            .Where(s => s.PersonId == personId && s.SurveyId == surveyId && !s.Pilot && s.CompletedAt != null)
            .Select(s => new { s.Id, s.Version, s.CompletedAt })
            .ToListAsync(ct);
        // Ordered in memory: DateTimeOffset ordering differs between SQLite and PostgreSQL.
        var session = last.OrderByDescending(s => s.CompletedAt).FirstOrDefault();
        if (session is null) return null;
        var definition = await results.DefinitionAsync(surveyId, session.Version, ct);
        if (definition is null) return null;

        var answers = await db.Answers.AsNoTracking()
            .Where(a => a.SessionId == session.Id && a.Status == AnswerStatus.Answered)
            .Select(a => new { a.Id, a.QuestionId, a.Value })
            .ToListAsync(ct);
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Language, p.EasyRead }).FirstOrDefaultAsync(ct);
        var words = ResultsPhrases.For(person?.Language);
        var said = answers.OrderBy(a => a.Id)
            .Select(a => (Answer: a, Question: definition.FindQuestion(a.QuestionId)))
            .Where(x => x.Question is { Type: QuestionType.Choice or QuestionType.YesNo or QuestionType.Scale } && x.Answer.Value is not null)
            .Select(x => (x.Question!, Label: Label(x.Question!, x.Answer.Value!, words.Language, words)))
            .FirstOrDefault(x => x.Label is not null);
        if (said.Item1 is null) return null;

        var done = await db.SurveyActions.AsNoTracking()
            .Where(a => a.SurveyId == surveyId && a.Status == ActionStatus.Done)
            .ToListAsync(ct);
        var action = done.OrderByDescending(a => a.QuestionId == said.Item1.Id).ThenByDescending(a => a.UpdatedAt).FirstOrDefault();
        if (action is null) return null;

        // The question as they were asked it: easy-read only for people whose record asks for it.
        var wording = said.Item1.Wording;
        var question = (person?.EasyRead == true ? wording.EasyRead ?? wording.Text : wording.Text).Get(words.Language);
        // The action in their language when staff gave it one, else in English, as survey wording falls back.
        return Prompt.Message(Compose(words, question, said.Label!, action.TextIn(words.Language)), words.Language);
    }

    public static string Compose(ResultsPhrases words, string question, string answer, string action) =>
        $"{words.LastTimeYouSaid(question, answer)} {words.WeDid(action)}";

    /// <summary>The recap goes first, before the survey's own intro.</summary>
    public static TurnResult Before(TurnResult result, Prompt? recap) =>
        recap is null || result.Replies.Count == 0 ? result : result with { Replies = [recap, .. result.Replies] };

    private static string? Label(Question question, string value, string language, ResultsPhrases words) => question.Type switch
    {
        QuestionType.Choice => question.Options.FirstOrDefault(o => o.Id == value)?.Text.Get(language),
        QuestionType.YesNo => value switch { "yes" => words.Yes, "no" => words.No, _ => null },
        QuestionType.Scale when int.TryParse(value, CultureInfo.InvariantCulture, out var n) =>
            question.Labels.TryGetValue(n, out var label) ? $"{n} ({label.Get(language)})" : n.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
