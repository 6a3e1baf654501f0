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
/// suppression over the theme counts as if they added up (they may overlap, as one answer can
/// have several themes, so this hides at least as much as needed). Only the answers the release
/// covers count (its round, given before it was published), so a late answer cannot change a
/// public figure and give itself away.
/// </summary>
public sealed class PublicThemesQuery(StoreDbContext db, ResultsQuery results, AnswerTags tags, DisclosureControl disclosure)
{
    public async Task<IReadOnlyList<PublicThemeQuestion>> GetAsync(ResultsRelease release, SurveyDefinition definition, string language, CancellationToken ct)
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
            var table = disclosure.Disclose(counts.Select(c => KeyValuePair.Create(c.Name, c.Answers)).ToList());
            list.Add(new PublicThemeQuestion(question.Id, text, shown, table.Cells.Select(c => new PublicTheme(c.Key, c)).ToList()));
        }
        return list;
    }
}
