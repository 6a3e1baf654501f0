using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>An unclear reply gets the question again with a plain hint, in the person's language.</summary>
public class HintFacts
{
    [Theory]
    [InlineData("happy", "7", "en", "Please reply with a number from 1 to 5.")]
    [InlineData("happy", "3 or 4", "en", "Please reply with a number from 1 to 5.")]
    [InlineData("happy", "7", "cy", "Atebwch gyda rhif o 1 i 5, os gwelwch yn dda.")]
    [InlineData("ten", "lol", "en", "Please reply with a number from 0 to 10.")]
    [InlineData("visits", "lots", "en", "Please reply with a number from 0 to 60.")]
    [InlineData("visits", "lots", "cy", "Atebwch gyda rhif o 0 i 60, os gwelwch yn dda.")]
    [InlineData("safe", "maybe", "en", "Please reply yes or no.")]
    [InlineData("safe", "efallai", "cy", "Atebwch ie neu na, os gwelwch yn dda.")]
    [InlineData("matters", "purple", "en", "Please reply with a number from 1 to 4, or the words of your answer.")]
    [InlineData("matters", "9", "cy", "Atebwch gyda rhif o 1 i 4, neu eiriau'r ateb.")]
    [InlineData("when", "soon", "en", "Please reply with a date, for example 14/3 or next Tuesday.")]
    [InlineData("when", "cyn bo hir", "cy", "Atebwch gyda dyddiad, er enghraifft 14/3 neu dydd Mawrth nesaf.")]
    [InlineData("change", "   ", "en", "Please reply with a few words.")]
    [InlineData("change", "", "cy", "Atebwch gydag ychydig eiriau, os gwelwch yn dda.")]
    [InlineData("change", "I would like the staff to listen to me more and to come on time", "en", "That is too long. Please use fewer than 40 letters.")]
    [InlineData("change", "I would like the staff to listen to me more and to come on time", "cy", "Mae hynny'n rhy hir. Defnyddiwch lai na 40 o nodau, os gwelwch yn dda.")]
    public void Read_ReturnsUnclearWithThePlainHint_InThePersonsLanguage(string question, string reply, string language, string hint)
    {
        var result = AnswerReader.Read(SampleQuestions.Get(question), reply, language, SampleQuestions.Today);

        var unclear = Assert.IsType<AnswerResult.Unclear>(result);
        Assert.Equal(hint, unclear.Hint);
    }

    [Theory]
    [InlineData("happy", "Please reply with a number from 1 to 5.")]
    [InlineData("safe", "Please reply yes or no.")]
    [InlineData("when", "Please reply with a date, for example 14/3 or next Tuesday.")]
    public void Read_AsksAgain_WhenAReplyIsLongerThanThreeTexts(string question, string hint)
    {
        var story = "4 yes 14/3 " + new string('a', AnswerReader.MaxAnswerLength);

        Assert.Equal(new AnswerResult.Unclear(hint), AnswerReader.Read(SampleQuestions.Get(question), story, "en", SampleQuestions.Today));
    }

    [Theory]
    [InlineData("visits", "none", "en", "0", "Did you mean 0?", "Okay. Please reply with the number in digits, for example 0 or 3.")]
    [InlineData("visits", "dim", "cy", "0", "Oeddech chi'n golygu 0?", "Iawn. Atebwch gyda'r rhif mewn digidau, er enghraifft 0 neu 3.")]
    [InlineData("when", "1/2", "en", "2027-02-01", "Did you mean Monday 1 February 2027?", "Okay. Please write the month as a word, for example 2 January.")]
    [InlineData("when", "1/2", "cy", "2027-02-01", "Oeddech chi'n golygu Dydd Llun 1 Chwefror 2027?", "Iawn. Ysgrifennwch y mis fel gair, er enghraifft 2 Ionawr.")]
    public void Read_AsksDidYouMean_InThePersonsLanguage_WithAHintForANo(string question, string reply, string language, string value, string ask, string ifNot)
    {
        var confirm = Assert.IsType<AnswerResult.Confirm>(AnswerReader.Read(SampleQuestions.Get(question), reply, language, SampleQuestions.Today));

        Assert.Equal((value, ask, ifNot), (confirm.Value, confirm.Question, confirm.IfNot));
    }

    [Fact]
    public void Read_AsksForAnyNumber_WhenANumberQuestionHasNoTop()
    {
        var question = new Question { Id = "n", Type = QuestionType.Number, Wording = Wording.Plain("How many?"), Min = 0 };

        Assert.Equal(new AnswerResult.Unclear("Please reply with a number."), AnswerReader.Read(question, "lots", "en", SampleQuestions.Today));
        Assert.Equal(new AnswerResult.Unclear("Atebwch gyda rhif, os gwelwch yn dda."), AnswerReader.Read(question, "llawer", "cy", SampleQuestions.Today));
        Assert.Equal(new AnswerResult.Understood("1000", "1000"), AnswerReader.Read(question, "1000", "en", SampleQuestions.Today));
    }
}
