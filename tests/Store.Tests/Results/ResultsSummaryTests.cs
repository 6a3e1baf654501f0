using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Store.Tests.Results;

/// <summary>
/// The message sent back, as data: counts in (through the real disclosure control), words out, in
/// English and Welsh, with its length in SMS units. Counts are written "key=n" in one question.
/// </summary>
public sealed class ResultsSummaryTests
{
    private const string Link = "https://example.org/results/lounge";

    private static PublicResults Results(string language, string title, string counts, string question = "Which colour for the lounge?")
    {
        var pairs = counts.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Select(p => KeyValuePair.Create(p[0], int.Parse(p[1])))
            .ToList();
        var table = DisclosureControl.Default.Disclose(pairs);
        var answers = table.Withheld ? [] : table.Cells.Select(c => new PublicAnswer(c.Key, c.Key is "yes" or "no" ? null : c.Key, c, null)).ToList();
        var responses = pairs.Sum(p => p.Value);
        return new PublicResults("lounge", title, language, DateTimeOffset.UnixEpoch, null,
            table.Withheld ? null : responses, 10, 5,
            table.Withheld ? [] : [new PublicQuestion("vote", question, table.Total, answers, [])], [], []);
    }

    [Theory]
    // language, counts, the text sent, its SMS units (one segment is 160). 3 of 20 is "fewer than 5"
    // and hides the 5 beside it, but the winner's 12 stays shown; 9 voters are too few for any figure.
    [InlineData("en", "Blue=3 Green=12 Yellow=5", "Vote: Which colour for the lounge? Green won: 12 of 20 votes. Thank you for voting. More: https://example.org/results/lounge", 124)]
    [InlineData("en", "Blue=5 Green=12 Yellow=5", "Vote: Which colour for the lounge? Green won: 12 of 22 votes. Thank you for voting. More: https://example.org/results/lounge", 124)]
    [InlineData("en", "Blue=7 Green=7 Yellow=6", "Vote: Which colour for the lounge? Blue and Green tied: 7 votes each, of 20. Thank you for voting. More: https://example.org/results/lounge", 139)]
    [InlineData("en", "Blue=2 Green=4 Yellow=3", "The vote has closed. Fewer than 10 people voted, so the numbers stay private. Thank you for voting. More: https://example.org/results/lounge", 140)]
    [InlineData("cy", "Blue=5 Green=12 Yellow=5", "Pleidlais: Which colour for the lounge? Green enillodd: 12 pleidlais allan o 22. Diolch am bleidleisio. Mwy: https://example.org/results/lounge", 143)]
    [InlineData("cy", "Blue=2 Green=4 Yellow=3", "Mae'r bleidlais wedi cau. Pleidleisiodd llai na 10 o bobl, felly mae'r niferoedd yn breifat. Diolch am bleidleisio. Mwy: https://example.org/results/lounge", 155)]
    public void VoteText_SaysTheDisclosedResult_InOneSegmentWherePossible(string language, string counts, string expected, int units)
    {
        var text = ResultsSummary.Text(Results(language, "Vote: Which colour for the lounge?", counts), Link, vote: true);
        Assert.Equal(expected, text);
        Assert.Equal(units, SmsSegments.Units(text));
        Assert.True(SmsSegments.IsGsm7(text));
    }

    [Fact]
    public void VoteText_NeverNamesAWinnerWhoseCountIsHidden()
    {
        // 3 for Blue is "fewer than 5"; with the total shown, the next smallest (5) is hidden too.
        var text = ResultsSummary.Text(Results("en", "Vote", "Blue=3 Green=5 Yellow=12"), Link, vote: true);
        Assert.Contains("Yellow won: 12 of 20 votes.", text);
        Assert.DoesNotContain(" 3 ", text);
        Assert.DoesNotContain(" 5 ", text);
    }

    [Theory]
    // title, counts, the text sent
    [InlineData("Day trips", "yes=14 no=6", "Results of Day trips: most people said yes (14 of 20). See them all and what we are doing: https://example.org/results/lounge Text STOP to stop.")]
    [InlineData("Day trips", "yes=10 no=10", "The results of Day trips are out. See them all and what we are doing: https://example.org/results/lounge Text STOP to stop.")]
    [InlineData("Day trips", "yes=4 no=5", "The results of Day trips are out. See them all and what we are doing: https://example.org/results/lounge Text STOP to stop.")]
    [InlineData("Our yearly survey about the support you get at home and in the community", "yes=14 no=6", "Results of Our yearly survey about the support you get at home and in the community: most people said yes (14 of 20). More: https://example.org/results/lounge")]
    public void SurveyText_GivesTheMainFinding_OnlyWhenThePublicPageShowsIt(string title, string counts, string expected)
    {
        var text = ResultsSummary.Text(Results("en", title, counts, "Do you like the day trips?"), Link, vote: false);
        Assert.Equal(expected, text);
        Assert.True(ResultsSummary.Fits(text));
    }

    [Fact]
    public void SurveyText_InWelsh_StaysInGsm7AndOneSegment()
    {
        var text = ResultsSummary.Text(Results("cy", "Teithiau", "yes=14 no=6"), Link + "?lang=cy", vote: false);
        Assert.Equal("Canlyniadau Teithiau: dywedodd y rhan fwyaf ie (14 o 20). Y cyfan, a beth rydym yn ei wneud: https://example.org/results/lounge?lang=cy Tecstiwch STOP i stopio.", text);
        Assert.True(ResultsSummary.Fits(text));
    }

    [Fact]
    public void Text_WithATitleTooLongForOneSegment_IsTheShortestWording()
    {
        var title = new string('a', 170);
        var text = ResultsSummary.Text(Results("en", title, "yes=14 no=6"), Link, vote: false);
        Assert.Equal("Your survey results are out. More: " + Link, text);
    }

    [Fact]
    public void Spoken_HasNoLink_AndSaysWhereToSeeTheRest()
    {
        var spoken = ResultsSummary.Spoken(Results("en", "Vote: lounge", "Blue=5 Green=12 Yellow=5"), vote: true);
        Assert.Equal("Vote: Which colour for the lounge? Green won: 12 of 22 votes. Thank you for voting. You can see all the results, and what we are doing, on our website. Thank you.", spoken);
        Assert.DoesNotContain("http", spoken);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("cy")]
    public void EveryPhrase_IsGsm7_SoWelshTextsCostNoMore(string language)
    {
        var words = ResultsPhrases.For(language);
        var all = new[]
        {
            words.MostSaid("x", 1, 2), words.ResultsOf("t", "f"), words.ResultsOut("t"), words.ResultsReady, words.SeeAllAndActions("l"),
            words.SeeMore("l"), words.StopToStop, words.SeeOnWebsite, words.Won("x", 1, 2), words.Tied("a", "b", 1, 2), words.VoteClosed,
            words.TooFewVoted(10), words.VoteOn("q"), words.ThanksForVoting, words.VoteIntro, words.VoteOutro, words.LastTimeYouSaid("q", "a"), words.WeDid("d"),
        };
        Assert.All(all, p => Assert.True(SmsSegments.IsGsm7(p), p));
    }

    [Fact]
    public void CheckinRecap_SaysWhatTheyToldUsAndWhatWeDid()
    {
        Assert.Equal("Last year you told us: 2 (Unhappy), to 'How happy are you?'. We did this: We hired two more drivers",
            CheckinRecaps.Compose(ResultsPhrases.English, "How happy are you?", "2 (Unhappy)", "We hired two more drivers"));
        Assert.Equal("Y llynedd, i 'Pa mor hapus ydych chi?' dywedoch chi: 2 (Anhapus). Beth wnaethom ni: Mwy o yrwyr",
            CheckinRecaps.Compose(ResultsPhrases.Welsh, "Pa mor hapus ydych chi?", "2 (Anhapus)", "Mwy o yrwyr"));
    }

    [Fact]
    public void Link_IsThePublicPage_InTheirLanguage()
    {
        Assert.Equal("https://x.org/results/checkin?lang=cy", ResultsMessages.LinkFor("https://x.org/", "checkin", "cy"));
        Assert.Equal("https://x.org/results/checkin", ResultsMessages.LinkFor("https://x.org", "checkin", "en"));
        _ = ActionStatus.Done;
    }
}
