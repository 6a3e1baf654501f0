using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

internal static class AnswerAssert
{
    /// <summary>
    /// Reads one table row and checks the stored value, that it stayed unclear with a hint, or
    /// (<c>CONFIRM value</c>) that the person is asked "Did you mean ...?" before it is stored.
    /// </summary>
    public static void ReadsAs(string reply, string expected, string question, string language, string row)
    {
        var result = AnswerReader.Read(SampleQuestions.Get(question), reply, language, SampleQuestions.Today);
        if (expected == ReplyTable.Unclear)
        {
            Assert.True(result is AnswerResult.Unclear, $"{row}: '{reply}' should stay unclear, was {result}");
            Assert.False(string.IsNullOrWhiteSpace(((AnswerResult.Unclear)result).Hint), $"{row}: an unclear reply needs a hint");
        }
        else if (expected.StartsWith(ReplyTable.Confirm, StringComparison.Ordinal))
        {
            Assert.True(result is AnswerResult.Confirm, $"{row}: '{reply}' should ask to confirm {expected}, was {result}");
            var confirm = (AnswerResult.Confirm)result;
            Assert.Equal(expected[ReplyTable.Confirm.Length..], confirm.Value);
            Assert.Contains(confirm.Display, confirm.Question);
            Assert.False(string.IsNullOrWhiteSpace(confirm.IfNot), $"{row}: a no needs a hint");
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
