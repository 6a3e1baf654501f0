using CoProduction.Surveys.Understanding;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Library;

/// <summary>
/// A keyword must start exactly one survey, and must not be a word people use to stop, restart
/// or ask for help (those always win, so the survey could never be started by it).
/// </summary>
public sealed class KeywordIsFreeRule(StoreDbContext db) : IPublishRule
{
    public async Task<IReadOnlyList<string>> CheckAsync(PublishCandidate candidate, CancellationToken ct)
    {
        var id = candidate.Survey.Id;
        var others = await (
                from s in db.Surveys
                where s.Status == SurveyStatus.Published && s.Id != id
                join v in db.SurveyVersions on new { SurveyId = s.Id, Version = s.PublishedVersion!.Value }
                    equals new { v.SurveyId, v.Version }
                select new { v.SurveyId, v.Keyword, v.KeywordsByLanguage })
            .AsNoTracking()
            .ToListAsync(ct);

        var reasons = new List<string>();
        foreach (var keyword in KeywordsOf(candidate))
        {
            if (CommandReader.IsReserved(keyword))
            {
                reasons.Add($"The keyword {keyword} is a word people text to stop, restart or get help, so it cannot start a survey. Choose another keyword.");
                continue;
            }
            var owner = others.FirstOrDefault(o =>
                (o.Keyword.Length > 0 && string.Equals(o.Keyword, keyword, StringComparison.OrdinalIgnoreCase))
                || o.KeywordsByLanguage.Values.Any(k => string.Equals(k, keyword, StringComparison.OrdinalIgnoreCase)));
            if (owner is not null)
            {
                reasons.Add($"The keyword {keyword} is already used by the published survey '{owner.SurveyId}'. Choose another keyword.");
            }
        }
        return reasons;
    }

    private static IEnumerable<string> KeywordsOf(PublishCandidate candidate) =>
        new[] { candidate.Version.Keyword }
            .Concat(candidate.Version.KeywordsByLanguage.Values)
            .Where(k => k.Length > 0)
            .Select(k => k.ToUpperInvariant())
            .Distinct();
}
