using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Loading.XlsForm;
using MiniExcelLibs;

namespace CoProduction.Surveys.Tests.Loading.XlsForm;

/// <summary>
/// A plain XLSForm as KoboToolbox or ODK make it (no keyword, no intro or outro rows, their own
/// note names, a form_id with underscores) reads without our extra columns.
/// </summary>
public sealed class PlainXlsFormTests
{
    private static Dictionary<string, object> Row(string type, string name, string label, string labelColumn = "label::English (en)") => new()
    {
        ["type"] = type, ["name"] = name, [labelColumn] = label, ["required"] = "true", ["$kuid"] = "ab12cd", ["$autoname"] = name,
    };

    private static SurveyParseResult Import(IEnumerable<Dictionary<string, object>> survey, string formId = "home_life")
    {
        var sheets = new Dictionary<string, object>
        {
            ["survey"] = survey.ToList(),
            ["choices"] = new List<Dictionary<string, object>>
            {
                new() { ["list_name"] = "yesno", ["name"] = "yes", ["label::English (en)"] = "Yes" },
                new() { ["list_name"] = "yesno", ["name"] = "no", ["label::English (en)"] = "No" },
            },
            ["settings"] = new List<Dictionary<string, object>> { new() { ["form_title"] = "Home life", ["form_id"] = formId, ["version"] = "1" } },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return XlsFormReader.Read(new MemoryStream(stream.ToArray()));
    }

    [Fact]
    public void Read_TakesTheNoteBeforeTheQuestionsAsIntro_AndTheNoteAfterAsOutro()
    {
        var read = Import([Row("start", "start", ""), Row("note", "welcome", "Hello from Rose Court."), Row("select_one yesno", "safe", "Do you feel safe?"), Row("note", "thanks", "Thank you.")]);

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal("Hello from Rose Court.", read.Survey!.Intro.Get("en"));
        Assert.Equal("Thank you.", read.Survey.Outro.Get("en"));
        Assert.Equal(QuestionType.YesNo, read.Survey.Questions.Single().Type);
    }

    [Fact]
    public void Read_GivesAFormWithoutKeyword_NoKeyword_AndItsIdWithDashes()
    {
        var read = Import([Row("select_one yesno", "safe", "Do you feel safe?")], formId: "home_life_2026");

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal("home-life-2026", read.Survey!.Id);
        Assert.False(read.Survey.HasKeyword);
        Assert.False(read.Survey.MatchesKeyword("", out _));
    }

    [Fact]
    public void Read_GivesAFormWithoutNotes_APlainWelcomeAndThankYou_InEachOfItsLanguages()
    {
        var read = Import([new Dictionary<string, object>
        {
            ["type"] = "select_one yesno", ["name"] = "safe", ["label::English (en)"] = "Do you feel safe?", ["label::Welsh (cy)"] = "Ydych chi'n teimlo'n ddiogel?",
        }]);

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal("Hello! Here are a few questions: Home life. Text STOP to stop.", read.Survey!.Intro.Get("en"));
        Assert.StartsWith("Helo!", read.Survey.Intro.Get("cy"));
        Assert.Equal("Thank you. Your answers help us change things.", read.Survey.Outro.Get("en"));
    }

    [Fact]
    public void Read_StillRefusesANoteBetweenQuestions_NamingItsRow()
    {
        var read = Import([Row("select_one yesno", "safe", "Do you feel safe?"), Row("note", "aside", "Now about food."), Row("select_one yesno", "food", "Is the food good?")]);

        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Line == 3 && e.Message.Contains("a note can only be the survey's intro or outro"));
    }
}
