using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>What is read back to the person after an answer ("You said: Tuesday 1 December").</summary>
public class DisplayFacts
{
    [Theory]
    [InlineData("happy", "5", "en", "5", "5 (Very happy)")]
    [InlineData("happy", "very happy", "cy", "5", "5 (Hapus iawn)")]
    [InlineData("happy", "2", "en", "2", "2")]
    [InlineData("visits", "twelve", "en", "12", "12")]
    [InlineData("safe", "yep", "en", "yes", "Yes")]
    [InlineData("safe", "nope", "cy", "no", "Na")]
    [InlineData("matters", "2", "en", "work", "Work or volunteering")]
    [InlineData("matters", "family", "cy", "friends", "Ffrindiau a theulu")]
    [InlineData("matters", "4", "cy", "home", "Somewhere good to live")]
    [InlineData("when", "next tuesday", "en", "2026-12-01", "Tuesday 1 December")]
    [InlineData("when", "14/3", "en", "2027-03-14", "Sunday 14 March 2027")]
    [InlineData("when", "dydd Mawrth nesaf", "cy", "2026-12-01", "Dydd Mawrth 1 Rhagfyr")]
    [InlineData("change", "  more staff ", "en", "more staff", "more staff")]
    [InlineData("weight", "72.50kg", "en", "72.5", "72.5")]
    [InlineData("weight", "٧٢٫٥", "en", "72.5", "72.5")]
    [InlineData("happy", "٥", "en", "5", "5 (Very happy)")]
    [InlineData("happened", "14/3/85", "en", "1985-03-14", "Thursday 14 March 1985")]
    public void Read_GivesTheStoredValueAndWhatToReadBack(string question, string reply, string language, string value, string display)
    {
        var result = AnswerReader.Read(SampleQuestions.Get(question), reply, language, SampleQuestions.Today);

        Assert.Equal(new AnswerResult.Understood(value, display), result);
    }
}
