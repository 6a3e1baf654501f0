using CoProduction.Surveys.Loading;

namespace CoProduction.Surveys.Tests.Loading;

public class SuggestionsTests
{
    private static readonly string[] QuestionFields = ["id", "type", "text", "optional", "min", "max", "labels", "options", "max_length", "easy_read", "channels", "when"];

    [Theory]
    [InlineData("optinal", "optional")]
    [InlineData("max_lenght", "max_length")]
    [InlineData("Text", "text")]
    [InlineData("chanels", "channels")]
    [InlineData("easy_raed", "easy_read")]
    public void Closest_FindsTheFieldMeant_ForACommonTypo(string typed, string meant)
    {
        Assert.Equal(meant, Suggestions.Closest(typed, QuestionFields));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("question_text_here")]
    [InlineData("x")]
    public void Closest_SuggestsNothing_WhenNoFieldIsClose(string typed)
    {
        Assert.Null(Suggestions.Closest(typed, QuestionFields));
    }
}
