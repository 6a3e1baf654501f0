using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

public sealed class WordingCheckerTests
{
    private readonly WordingChecker _checker = new(WordLists.Default);

    private static IEnumerable<string> Checks(WordingReport report) => report.Findings.Select(f => f.Check);

    [Fact]
    public void PlainShortQuestion_HasNoAdvice()
    {
        var report = _checker.Check("Do you feel safe at home?", WordingKind.Chat, "en");

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void HardWording_GetsReadingEaseGradeAndLongWordAdvice()
    {
        var report = _checker.Check(
            "Please indicate the extent to which the organisational arrangements facilitated meaningful participation.",
            WordingKind.Chat, "en");

        Assert.Contains("reading-ease", Checks(report));
        Assert.Contains("grade", Checks(report));
        Assert.Contains(report.Findings, f => f.Check == "long-word" && f.Message.Contains("organisational"));
    }

    [Fact]
    public void LongSentence_IsFlagged_OverTwentyWords()
    {
        var text = string.Join(' ', Enumerable.Repeat("we", 21)) + ".";

        Assert.Contains("long-sentence", Checks(_checker.Check(text, WordingKind.Chat, "en")));
        Assert.DoesNotContain("long-sentence", Checks(_checker.Check(string.Join(' ', Enumerable.Repeat("we", 20)) + ".", WordingKind.Chat, "en")));
    }

    [Fact]
    public void Jargon_FromTheList_IsFlaggedWithAnAlternative_InAnyCase()
    {
        var report = _checker.Check("As a Service User, how was the intervention?", WordingKind.Chat, "en");

        Assert.Contains(report.Findings, f => f.Check == "jargon" && f.Message.Contains("service user"));
        Assert.Contains(report.Findings, f => f.Check == "jargon" && f.Message.Contains("intervention") && f.Suggestion!.Contains("support"));
    }

    [Fact]
    public void StigmatisingWords_GetTheKinderAlternative()
    {
        var report = _checker.Check("Do you suffers from anxiety?", WordingKind.Chat, "en");

        var finding = Assert.Single(report.Findings, f => f.Check == "stigmatising");
        Assert.Equal("Try \"has\".", finding.Suggestion);
    }

    [Fact]
    public void BoardListsReplaceTheDefaults()
    {
        var checker = new WordingChecker(new WordLists([new ListedPhrase("wraparound", "all-round")], []));

        Assert.Contains("jargon", Checks(checker.Check("Was the wraparound support good?", WordingKind.Chat, "en")));
        Assert.DoesNotContain("jargon", Checks(checker.Check("As a service user, was it good?", WordingKind.Chat, "en")));
    }

    [Fact]
    public void Sms_ReportsGsm7AndOneSegment_ForPlainShortText()
    {
        var report = _checker.Check("Do you feel safe?\nReply YES or NO", WordingKind.Sms, "en");

        Assert.Equal("GSM-7", report.SmsEncoding);
        Assert.Equal(1, report.SmsSegments);
        Assert.DoesNotContain("sms-encoding", Checks(report));
    }

    [Fact]
    public void Sms_ReportsUcs2AndTheCharacterThatCausedIt()
    {
        var report = _checker.Check("How are you? 🙂", WordingKind.Sms, "en");

        Assert.Equal("UCS-2", report.SmsEncoding);
        Assert.Contains(report.Findings, f => f.Check == "sms-encoding");
    }

    [Fact]
    public void Sms_OverOneSegment_IsFlagged()
    {
        var report = _checker.Check(new string('a', 161), WordingKind.Sms, "en");

        Assert.Equal(2, report.SmsSegments);
        Assert.Contains("sms-segments", Checks(report));
    }

    [Fact]
    public void Voice_TimeToHear_IsWordsOverPace()
    {
        var report = _checker.Check(string.Join(' ', Enumerable.Repeat("word", 70)), WordingKind.Voice, "en");

        Assert.Equal(30, report.VoiceSeconds);
        Assert.Contains("voice-length", Checks(report));
    }

    [Theory]
    [InlineData("See www.example.org for more.", "link")]
    [InlineData("Rate it 1-5 & tell us.", "Symbols")]
    [InlineData("Tell us e.g. your day.", "Abbreviations")]
    [InlineData("Text STOP to stop.", "capitals")]
    public void Voice_FlagsWhatDoesNotReadAloudWell(string text, string expected)
    {
        var report = _checker.Check(text, WordingKind.Voice, "en");

        Assert.Contains(report.Findings, f => f.Check == "read-aloud" && f.Message.Contains(expected));
    }

    [Fact]
    public void Voice_PlainSentence_ReadsAloudWell()
    {
        Assert.DoesNotContain("read-aloud", Checks(_checker.Check("I am happy with my support.", WordingKind.Voice, "en")));
    }

    [Fact]
    public void EasyRead_FlagsTwoIdeasInOneSentence_AndLongerWords()
    {
        var report = _checker.Check("Do you like your support and do you want more visits?", WordingKind.EasyRead, "en");

        Assert.Contains("easy-read-sentence", Checks(report));
        Assert.DoesNotContain("easy-read-word", Checks(report));
        Assert.Contains("easy-read-word", Checks(_checker.Check("Is your accommodation okay?", WordingKind.EasyRead, "en")));
    }

    [Fact]
    public void Welsh_GetsNoEnglishReadingScoresAdvice()
    {
        var report = _checker.Check("Pa mor hapus ydych chi gyda'r cymorth rydych chi'n ei gael?", WordingKind.Chat, "cy");

        Assert.DoesNotContain("reading-ease", Checks(report));
        Assert.DoesNotContain("long-word", Checks(report));
    }
}
