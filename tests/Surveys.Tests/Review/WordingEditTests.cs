using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

public sealed class WordingEditTests
{
    private static SurveyDefinition Bilingual() => SurveyFileParser.Parse("""
        id: two
        title: { en: Two, cy: Dau }
        languages: [en, cy]
        keyword: { en: TWO, cy: DAU }
        intro: { en: Hello, cy: Helo }
        outro: { en: Bye, cy: Hwyl }
        questions:
          - id: safe
            type: yesno
            text: { en: Do you feel safe?, cy: Ydych chi'n teimlo'n ddiogel? }
        """).Survey!;

    [Theory]
    [InlineData(WordingVariant.Text)]
    [InlineData(WordingVariant.EasyRead)]
    [InlineData(WordingVariant.Sms)]
    [InlineData(WordingVariant.Voice)]
    public void Apply_ChangesOnlyThatWording_AndTheResultIsAValidSurveyFile(WordingVariant variant)
    {
        var changed = WordingEdit.Apply(Bilingual(), "safe", "en", variant, "Are you safe at home?");

        Assert.Equal("Are you safe at home?", WordingVariants.Current(changed.Questions[0], "en", variant));
        Assert.Equal("Ydych chi'n teimlo'n ddiogel?", changed.Questions[0].Wording.Text.Get("cy"));
        var reparsed = SurveyFileParser.Parse(SurveyYamlWriter.Write(changed));
        Assert.True(reparsed.Succeeded, string.Join("; ", reparsed.Errors));
    }
}
