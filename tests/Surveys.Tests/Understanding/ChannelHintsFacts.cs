using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>
/// An unclear answer's hint in the channel's own words, in the person's language: an interviewer
/// entering an answer on a form is told "Enter" or "Choose", a caller "press or say", never "reply";
/// a text keeps the readers' words.
/// </summary>
public class ChannelHintsFacts
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
    public void For_RewordsTheReadersHint_ForAForm(string question, string reply, string language, string hint) =>
        Assert.Equal(hint, HintFor(question, reply, language, HintWording.Form));

    [Theory]
    [InlineData("happy", "7", "en", "Please press or say a number from 1 to 5.")]
    [InlineData("happy", "7", "cy", "Pwyswch neu dywedwch rif o 1 i 5, os gwelwch yn dda.")]
    [InlineData("visits", "lots", "en", "Please press or say a number from 0 to 60.")]
    [InlineData("safe", "maybe", "en", "Sorry, I didn't catch that. Please say yes or no.")]
    [InlineData("matters", "purple", "en", "Sorry, I didn't catch that. Please press the number of your answer, or say it.")]
    [InlineData("when", "soon", "en", "Sorry, I didn't catch that. Please say a date, for example the fourteenth of March.")]
    [InlineData("when", "soon", "cy", "Mae'n ddrwg gen i, chlywais i ddim yn iawn. Dywedwch ddyddiad, er enghraifft y pedwerydd ar ddeg o Fawrth.")]
    [InlineData("change", "   ", "en", "Sorry, I didn't catch that. Please say a few words.")]
    public void For_RewordsTheReadersHint_ForACall(string question, string reply, string language, string hint)
    {
        Assert.Equal(hint, HintFor(question, reply, language, HintWording.Spoken));
        Assert.DoesNotContain("reply", hint, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("happy", "7", "en", "Please reply with a number from 1 to 5.")]
    [InlineData("safe", "maybe", "cy", "Atebwch ie neu na, os gwelwch yn dda.")]
    public void For_KeepsTheReadersHint_ForAText(string question, string reply, string language, string hint) =>
        Assert.Equal(hint, HintFor(question, reply, language, HintWording.Text));

    private static string HintFor(string question, string reply, string language, HintWording wording)
    {
        var asked = SampleQuestions.Get(question);
        var unclear = Assert.IsType<AnswerResult.Unclear>(AnswerReader.Read(asked, reply, language, SampleQuestions.Today));
        return ChannelHints.For(asked, unclear.Hint, Phrases.For(language), wording);
    }
}
