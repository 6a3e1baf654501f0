using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;

namespace CoProduction.Surveys.Tests.Loading;

/// <summary>The settings that change how replies are read: <c>decimals</c> on a number question, <c>dates</c> on a date question.</summary>
public class AnswerSettingsTests
{
    private static string With(string visits, string when) => SurveyFileParserTests.DesignExample
        .Replace("    min: 0\n    max: 60\n", "    min: 0\n    max: 60\n" + visits)
        .Replace("    text: When is a good day for us to call?\n", "    text: When is a good day for us to call?\n" + when);

    [Fact]
    public void Parse_ReadsDecimalsAndDatesPast_AndTheWriterKeepsThem()
    {
        var survey = SurveyFileParserTests.Load(With("    decimals: 1\n", "    dates: past\n"));

        Assert.Equal(1, survey.FindQuestion("visits")!.Decimals);
        Assert.Equal(DateDirection.Past, survey.FindQuestion("when")!.Dates);
        var again = SurveyFileParserTests.Load(SurveyYamlWriter.Write(survey));
        Assert.Equal(1, again.FindQuestion("visits")!.Decimals);
        Assert.Equal(DateDirection.Past, again.FindQuestion("when")!.Dates);
    }

    [Fact]
    public void Parse_DefaultsToWholeNumbersAndDatesAhead()
    {
        var survey = SurveyFileParserTests.Load(SurveyFileParserTests.DesignExample);

        Assert.Equal(0, survey.FindQuestion("visits")!.Decimals);
        Assert.Equal(DateDirection.Future, survey.FindQuestion("when")!.Dates);
    }

    [Theory]
    [InlineData("    decimals: 7\n", "", "decimals must be from 0 (whole numbers) to 4 (it is 7)")]
    [InlineData("    decimals: two\n", "", "decimals")]
    [InlineData("", "    dates: sometimes\n", "dates should be past (something that happened, like a date of birth) or future (an appointment) (it is 'sometimes')")]
    [InlineData("", "    decimals: 1\n", "decimals is only for number questions, and this is a date question")]
    [InlineData("    dates: past\n", "", "dates is only for date questions, and this is a number question")]
    public void Parse_RefusesASettingThatDoesNotFit_WithAPlainReason(string visits, string when, string reason)
    {
        var result = SurveyFileParser.Parse(With(visits, when));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains(reason, StringComparison.Ordinal));
    }
}
