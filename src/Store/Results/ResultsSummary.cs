using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Store.Results;

/// <summary>
/// The one message sent back to each person who answered, made only from <see cref="PublicResults"/>
/// (figures that passed <see cref="DisclosureControl"/>), so it never holds a number the public
/// page would hide. A text is the richest wording that fits one GSM-7 segment (160 characters);
/// when none fits (a long title, letters outside GSM-7), the shortest.
/// </summary>
public static class ResultsSummary
{
    public const int OneSegment = 160;

    /// <summary>The text for SMS (and for chat people, who are reached by text).</summary>
    public static string Text(PublicResults results, string link, bool vote)
    {
        var words = ResultsPhrases.For(results.Language);
        var candidates = vote ? VoteTexts(results, link, words) : SurveyTexts(results, link, words);
        var plain = candidates.Select(SmsSegments.Plain).ToList();
        return plain.FirstOrDefault(Fits) ?? plain.MinBy(SmsSegments.Units)!;
    }

    /// <summary>What a call says: the same finding, no link.</summary>
    public static string Spoken(PublicResults results, bool vote)
    {
        var words = ResultsPhrases.For(results.Language);
        if (vote)
        {
            return $"{VoteHeading(results, words)} {VoteFinding(results, words)} {words.ThanksForVoting} {words.SeeOnWebsite}";
        }
        return (Finding(results, words) is { } finding ? words.ResultsOf(results.Title, finding) : words.ResultsOut(results.Title))
               + " " + words.SeeOnWebsite;
    }

    public static bool Fits(string text) => SmsSegments.IsGsm7(text) && SmsSegments.Units(text) <= OneSegment;

    private static IEnumerable<string> SurveyTexts(PublicResults results, string link, ResultsPhrases words)
    {
        if (Finding(results, words) is { } finding)
        {
            var head = words.ResultsOf(results.Title, finding);
            yield return $"{head} {words.SeeAllAndActions(link)} {words.StopToStop}";
            yield return $"{head} {words.SeeAllAndActions(link)}";
            yield return $"{head} {words.SeeMore(link)}";
        }
        yield return $"{words.ResultsOut(results.Title)} {words.SeeAllAndActions(link)} {words.StopToStop}";
        yield return $"{words.ResultsOut(results.Title)} {words.SeeMore(link)}";
        yield return $"{words.ResultsReady} {words.SeeMore(link)}";
    }

    private static IEnumerable<string> VoteTexts(PublicResults results, string link, ResultsPhrases words)
    {
        var finding = VoteFinding(results, words);
        yield return $"{VoteHeading(results, words)} {finding} {words.ThanksForVoting} {words.SeeMore(link)}";
        yield return $"{finding} {words.ThanksForVoting} {words.SeeMore(link)}";
        yield return $"{finding} {words.SeeMore(link)}";
        yield return $"{finding} {link}";
    }

    /// <summary>
    /// The main finding: the answer most people gave to the first question whose table may be shown.
    /// Only a shown count is used: a "fewer than 5" or a hidden count is never the finding.
    /// </summary>
    internal static string? Finding(PublicResults results, ResultsPhrases words)
    {
        if (results.Responses is null) return null;
        foreach (var question in results.Questions)
        {
            if (question.Total is not { } total) continue;
            var top = Shown(question).OrderByDescending(a => a.Cell.Count).ToList();
            // A tie has no "most"; unclear and skipped are never a finding.
            if (top.Count == 0 || top[0].Cell.Count is not > 0 || (top.Count > 1 && top[1].Cell.Count == top[0].Cell.Count)) continue;
            return words.MostSaid(Label(top[0], words), top[0].Cell.Count!.Value, total);
        }
        return null;
    }

    /// <summary>"Vote: the question"; when too few voted the question is not in the public results, and the title (which is "Vote: ...") stands in.</summary>
    private static string VoteHeading(PublicResults results, ResultsPhrases words) =>
        results.Questions.FirstOrDefault() is { } question ? words.VoteOn(question.Text) : results.Title;

    internal static string VoteFinding(PublicResults results, ResultsPhrases words)
    {
        var question = results.Questions.FirstOrDefault();
        if (results.Responses is null || question?.Total is not { } total) return words.TooFewVoted(results.MinimumGroup);
        var top = Shown(question).OrderByDescending(a => a.Cell.Count).ToList();
        if (top.Count == 0 || top[0].Cell.Count is not > 0) return words.VoteClosed;
        var best = top[0].Cell.Count!.Value;
        var tied = top.TakeWhile(a => a.Cell.Count == best).ToList();
        return tied.Count switch
        {
            1 => words.Won(Label(tied[0], words), best, total),
            2 => words.Tied(Label(tied[0], words), Label(tied[1], words), best, total),
            _ => words.VoteClosed,
        };
    }

    private static IEnumerable<PublicAnswer> Shown(PublicQuestion question) =>
        question.Answers.Where(a => a.Cell.Disclosure == Disclosure.Shown && a.Key is not (ResultsQuery.Unclear or ResultsQuery.Skipped));

    private static string Label(PublicAnswer answer, ResultsPhrases words) => answer.Label ?? answer.Key switch
    {
        "yes" => words.Yes,
        "no" => words.No,
        var key => key,
    };
}
