using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

internal static class AnswerAssert
{
    /// <summary>Reads one table row and checks the stored value, or that it stayed unclear with a hint.</summary>
    public static void ReadsAs(string reply, string expected, string question, string language, string row)
    {
        var result = AnswerReader.Read(SampleQuestions.Get(question), reply, language, SampleQuestions.Today);
        if (expected == ReplyTable.Unclear)
        {
            var unclear = Assert.IsType<AnswerResult.Unclear>(result, exactMatch: true);
            Assert.False(string.IsNullOrWhiteSpace(unclear.Hint), $"{row}: an unclear reply needs a hint");
        }
        else
        {
            Assert.True(result is AnswerResult.Understood, $"{row}: '{reply}' should read as {expected}, was {result}");
            var understood = (AnswerResult.Understood)result;
            Assert.Equal(expected, understood.Value);
            Assert.False(string.IsNullOrWhiteSpace(understood.Display), $"{row}: nothing to read back");
        }
    }
}
