using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Results;

/// <summary>
/// Secondary suppression between pages. Rounds are separate people, so their pages can be set
/// side by side safely; but the release of every answer holds each round's people too, so
/// anyone could take the rounds' pages away from it and read what the people outside those
/// rounds said. That is refused when it would tell about fewer people, or a smaller count, than
/// <see cref="DisclosureControl"/> lets any page show. Only figures shown on both pages count:
/// a hidden or "fewer than 5" figure gives a range, not a number.
/// </summary>
public static class ReleaseOverlap
{
    /// <param name="everyAnswer">The release of every answer (new or already published); null when there is none.</param>
    /// <param name="rounds">The rounds' releases (already published, and the new one when it is a round).</param>
    /// <returns>Why the new release would disclose too much, in plain words; null when it is safe.</returns>
    public static string? Problem(SurveyResults? everyAnswer, IReadOnlyList<SurveyResults> rounds, SurveyDefinition definition, DisclosureControl disclosure)
    {
        if (everyAnswer is null || rounds.Count == 0 || disclosure.DiscloseGroup(everyAnswer.Responses) is null) return null;
        // A round whose page showed nothing cannot be taken away from anything.
        var shown = rounds.Where(r => disclosure.DiscloseGroup(r.Responses) is not null).ToList();
        if (shown.Count == 0) return null;

        var outside = everyAnswer.Responses - shown.Sum(r => r.Responses);
        if (outside > 0 && disclosure.DiscloseGroup(outside) is null)
        {
            return Refusal($"{outside} of them answered outside the rounds released so far, fewer than the {disclosure.MinimumGroupSize} any page needs");
        }

        foreach (var question in everyAnswer.Questions)
        {
            if (definition.FindQuestion(question.Id) is not { Type: QuestionType.Choice or QuestionType.YesNo or QuestionType.Scale or QuestionType.Number } asked) continue;
            var whole = disclosure.Disclose(question.Counts);
            var parts = shown.Select(r => disclosure.Disclose(r.Questions.FirstOrDefault(q => q.Id == question.Id)?.Counts ?? new Dictionary<string, int>())).ToList();
            // A part with no figures makes the difference a range: nothing exact to read.
            if (whole.Total is not { } total || parts.Any(p => p.Total is null && p.Cells.Any())) continue;
            var rest = total - parts.Sum(p => p.Total ?? 0);
            if (rest > 0 && disclosure.DiscloseGroup(rest) is null)
            {
                return Refusal($"{rest} of the people outside the released rounds answered '{asked.Id}', fewer than the {disclosure.MinimumGroupSize} any page needs");
            }
            foreach (var cell in whole.Cells.Where(c => c.Disclosure == Disclosure.Shown))
            {
                var found = parts.Select(p => p.Find(cell.Key)).ToList();
                if (found.Any(c => c is not null && c.Disclosure != Disclosure.Shown)) continue;
                var left = cell.Count!.Value - found.Sum(c => c?.Count ?? 0);
                if (left > 0 && left < disclosure.SmallCountLimit)
                {
                    return Refusal($"for '{asked.Id}', {left} of the people outside the released rounds gave one answer, fewer than the {disclosure.SmallCountLimit} any page shows");
                }
            }
        }
        return null;
    }

    private static string Refusal(string why) =>
        "Releasing these results now would let anyone work out what a few people said, by taking one page away from the other: "
        + why + ". Wait until more people have answered, or release round by round.";
}
