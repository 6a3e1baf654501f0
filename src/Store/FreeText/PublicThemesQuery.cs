using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>One text question's themes as the public may see them.</summary>
/// <param name="Writers">How many people wrote an answer; null when too few to show anything.</param>
public sealed record PublicThemeQuestion(string Id, string Text, int? Writers, IReadOnlyList<PublicTheme> Themes);

/// <param name="Cell">The count of answers with this theme, through disclosure control.</param>
public sealed record PublicTheme(string Name, DisclosedCell Cell);

/// <summary>
/// Theme counts for the public page, only through <see cref="DisclosureControl"/>: nothing when
/// fewer than the minimum group wrote an answer, "fewer than 5" for small counts, and secondary
/// suppression of each theme against the people who did not write about it (themes overlap, as
/// one answer can have several, so they do not add up to a total). Only the answers the release
/// covers count (its round, given before it was published), so a late answer cannot change a
/// public figure and give itself away.
/// </summary>
public sealed class PublicThemesQuery(StoreDbContext db, ResultsQuery results, AnswerTags tags)
{
    public async Task<IReadOnlyList<PublicThemeQuestion>> GetAsync(ResultsRelease release, SurveyDefinition definition, string language, DisclosureControl disclosure, CancellationToken ct)
    {
        if (!await db.Set<Theme>().AnyAsync(t => t.SurveyId == release.SurveyId, ct)) return [];
        var list = new List<PublicThemeQuestion>();
        foreach (var question in definition.Questions.Where(q => q.Type == QuestionType.Text))
        {
            var text = (question.Wording.EasyRead ?? question.Wording.Text).Get(language);
            var writers = await (
                    from a in db.Answers
                    join s in results.LiveSessions(release.SurveyId, release.RoundId) on a.SessionId equals s.Id
                    where a.SurveyId == release.SurveyId && a.QuestionId == question.Id && a.Status == AnswerStatus.Answered && a.At <= release.PublishedAt
                    select a.Id)
                .CountAsync(ct);
            var shown = disclosure.DiscloseGroup(writers);
            var counts = await tags.CountAsync(release.SurveyId, question.Id, release.RoundId, release.PublishedAt, ct);
            if (counts.All(c => c.Answers == 0)) continue;
            if (shown is null)
            {
                list.Add(new PublicThemeQuestion(question.Id, text, null, []));
                continue;
            }
            // Each theme is its own table of two: the answers about it and the rest, out of the
            // writers the page shows. The rest is never printed, but anyone could subtract it, so
            // "all but 2 wrote about transport" is suppressed as surely as "2 wrote about it".
            var themes = counts.Select(c =>
            {
                var table = disclosure.Disclose([KeyValuePair.Create(c.Name, c.Answers), KeyValuePair.Create("", writers - c.Answers)]);
                return new PublicTheme(c.Name, table.Cells[0]);
            }).ToList();
            list.Add(new PublicThemeQuestion(question.Id, text, shown, themes));
        }
        return list;
    }
}
