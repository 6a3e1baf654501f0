using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>An interviewer entering an answer on a form is told "Enter" or "Choose", never "reply", in the person's language.</summary>
public class FormHintsFacts
{
    [Theory]
    [InlineData("happy", "7", "en", "Enter a number from 1 to 5.")]
    [InlineData("happy", "7", "cy", "Rhowch rif o 1 i 5.")]
    [InlineData("visits", "lots", "en", "Enter a number from 0 to 60.")]
    [InlineData("safe", "maybe", "en", "Choose yes or no.")]
    [InlineData("matters", "purple", "en", "Choose one option, or type the words of the answer.")]
    [InlineData("matters", "9", "cy", "Dewiswch un ateb, neu teipiwch eiriau'r ateb.")]
    [InlineData("when", "soon", "en", "Enter a date, for example 14/3 or next Tuesday.")]
    [InlineData("change", "   ", "en", "Type a few words.")]
    [InlineData("change", "", "cy", "Teipiwch ychydig eiriau.")]
    [InlineData("change", "I would like the staff to listen to me more and to come on time", "en", "That is too long. Please use fewer than 40 letters.")]
    public void For_RewordsTheReadersHint_ForAForm(string question, string reply, string language, string hint)
    {
        var asked = SampleQuestions.Get(question);
        var unclear = Assert.IsType<AnswerResult.Unclear>(AnswerReader.Read(asked, reply, language, SampleQuestions.Today));

        Assert.Equal(hint, FormHints.For(asked, unclear.Hint, Phrases.For(language)));
    }
}
