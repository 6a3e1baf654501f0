using System.Globalization;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>
/// Builds the public results page's content from the latest release (and the one before it, for
/// comparison), through <see cref="DisclosureControl"/>. Text and date answers are never shown:
/// free text appears only as quotes staff approved and as theme counts, and dates single people out.
/// </summary>
public sealed class PublicResultsQuery(StoreDbContext db, ResultsReleases releases, ResultsQuery results, ActionBook actions, DisclosureSettings disclosureSettings,
    FreeText.QuoteBook quotes, FreeText.PublicThemesQuery themes)
{
    public Task<bool> SurveyExistsAsync(string surveyId, CancellationToken ct) =>
        db.Surveys.AnyAsync(s => s.Id == surveyId, ct);

    public async Task<PublicResults?> GetAsync(string surveyId, string language, CancellationToken ct)
    {
        var published = await releases.ListAsync(surveyId, ct);
        if (published.Count == 0) return null;
        var latest = published[0];
        var previous = published.Count > 1 ? published[1] : null;

        var definition = await results.DefinitionAsync(surveyId, latest.Version, ct);
        if (definition is null) return null;
        var counts = ResultsReleases.Counts(latest);
        var before = previous is null ? null : ResultsReleases.Counts(previous);

        var allActions = (await actions.ListAsync(surveyId, ct))
            .Select(a => new PublicAction(a.QuestionId, a.TextIn(language), a.Status, a.WhyIn(language)))
            .ToList();

        var disclosure = await disclosureSettings.ControlAsync(ct);

        var responses = disclosure.DiscloseGroup(counts.Responses);
        var questions = responses is null
            ? []
            : counts.Questions
                .Select(q => (Counts: q, Definition: definition.FindQuestion(q.Id)))
                .Where(x => x.Definition is { Type: QuestionType.Choice or QuestionType.YesNo or QuestionType.Scale or QuestionType.Number })
                .Select(x => Question(disclosure, x.Definition!, x.Counts, before?.Questions.FirstOrDefault(b => b.Id == x.Counts.Id), language, allActions))
                .ToList();

        return new PublicResults(
            surveyId,
            definition.TitleIn(language),
            language,
            latest.PublishedAt,
            previous?.PublishedAt,
            responses,
            disclosure.MinimumGroupSize,
            disclosure.SmallCountLimit,
            questions,
            allActions.Where(a => a.QuestionId is null || questions.All(q => q.Id != a.QuestionId)).ToList(),
            await quotes.PublicAsync(surveyId, ct),
            responses is null ? [] : await themes.GetAsync(latest, definition, language, disclosure, ct));
    }

    private static PublicQuestion Question(DisclosureControl disclosure, Question question, QuestionResults now, QuestionResults? before, string language, List<PublicAction> allActions)
    {
        var keys = Keys(question, now);
        var table = disclosure.Disclose(keys.Select(k => KeyValuePair.Create(k, now.Counts.GetValueOrDefault(k))).ToList());
        // The previous table is disclosed exactly as its own page showed it (its own keys): built
        // on this round's keys, a hidden count there could come out as a shown one here.
        var previous = before is null ? null : disclosure.Disclose(Keys(question, before).Select(k => KeyValuePair.Create(k, before.Counts.GetValueOrDefault(k))).ToList());
        var answers = table.Withheld
            ? []
            : table.Cells.Select(c => new PublicAnswer(c.Key, Label(question, c.Key, language), c, DisclosureControl.Change(c, previous?.Find(c.Key)))).ToList();
        var text = (question.Wording.EasyRead ?? question.Wording.Text).Get(language);
        return new PublicQuestion(question.Id, text, table.Total, answers, allActions.Where(a => a.QuestionId == question.Id).ToList());
    }

    /// <summary>Every possible answer, zeros too, so the table reads whole; unclear and skipped only when someone was.</summary>
    private static List<string> Keys(Question question, QuestionResults now)
    {
        IEnumerable<string> possible = question.Type switch
        {
            QuestionType.Choice => question.Options.Select(o => o.Id),
            QuestionType.YesNo => ["yes", "no"],
            QuestionType.Scale when question is { Min: { } min, Max: { } max } && max - min <= 10 =>
                Enumerable.Range(min, max - min + 1).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            _ => [],
        };
        var keys = possible.ToList();
        foreach (var key in now.Counts.Keys)
        {
            if (key is not (ResultsQuery.Unclear or ResultsQuery.Skipped) && !keys.Contains(key)) keys.Add(key);
        }
        foreach (var key in new[] { ResultsQuery.Unclear, ResultsQuery.Skipped })
        {
            if (now.Counts.GetValueOrDefault(key) > 0) keys.Add(key);
        }
        return keys;
    }

    private static string? Label(Question question, string key, string language) => question.Type switch
    {
        QuestionType.Choice => question.Options.FirstOrDefault(o => o.Id == key)?.Text.Get(language),
        QuestionType.Scale when int.TryParse(key, CultureInfo.InvariantCulture, out var n) && question.Labels.TryGetValue(n, out var label) => label.Get(language),
        _ => null,
    };
}
