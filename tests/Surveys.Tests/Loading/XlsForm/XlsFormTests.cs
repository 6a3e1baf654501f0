using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Loading.XlsForm;
using MiniExcelLibs;

namespace CoProduction.Surveys.Tests.Loading.XlsForm;

public sealed class XlsFormTests
{
    private static SurveyDefinition Demo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "surveys", "checkin.yaml");
            if (File.Exists(file)) return SurveyFileParser.Parse(File.ReadAllText(file)).Survey!;
        }
        throw new InvalidOperationException("surveys/checkin.yaml not found");
    }

    private static SurveyParseResult Import(byte[] xlsx) => XlsFormReader.Read(new MemoryStream(xlsx));

    /// <summary>A hand-made XLSForm, as a peer research group would fill it in.</summary>
    private static byte[] Workbook(IEnumerable<Dictionary<string, object>> survey, IEnumerable<Dictionary<string, object>>? choices = null,
        Dictionary<string, object>? settings = null)
    {
        var sheets = new Dictionary<string, object> { ["survey"] = survey.ToList() };
        if (choices is not null) sheets["choices"] = choices.ToList();
        sheets["settings"] = new List<Dictionary<string, object>>
        {
            settings ?? new() { ["form_id"] = "group", ["form_title"] = "Peer group survey", ["keyword"] = "GROUP" },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    private static Dictionary<string, object> Row(string type, string name, string label, string required = "", string relevant = "", string constraint = "", string parameters = "") => new()
    {
        ["type"] = type, ["name"] = name, ["label::English (en)"] = label, ["required"] = required,
        ["relevant"] = relevant, ["constraint"] = constraint, ["constraint_message::English (en)"] = "", ["parameters"] = parameters,
        ["hint::English (en)"] = "",
    };

    [Fact]
    public void RoundTrip_ExportThenImport_GivesTheSameSurvey_ForTheDemoInTwoLanguages()
    {
        var demo = Demo();

        var imported = Import(XlsFormWriter.Write(demo));

        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        Assert.Equal(SurveyYamlWriter.Write(demo), SurveyYamlWriter.Write(imported.Survey!));
        Assert.Equal(["en", "cy"], imported.Survey!.Languages);
        Assert.Equal("GWIRIO", imported.Survey.KeywordsByLanguage["cy"]);
        Assert.Equal(["no"], imported.Survey.FindQuestion("safer")!.AskWhen!.Values);
    }

    [Fact]
    public void YamlWriter_RoundTrips_TheDemoSurvey()
    {
        var demo = Demo();

        var again = SurveyFileParser.Parse(SurveyYamlWriter.Write(demo));

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.Equal(SurveyYamlWriter.Write(demo), SurveyYamlWriter.Write(again.Survey!));
    }

    [Fact]
    public void Import_ReadsTheSupportedSubset()
    {
        var xlsx = Workbook(
            [
                Row("note", "intro", "Hello from the peer research group."),
                Row("start", "start", ""),
                Row("range", "happy", "How happy are you?", required: "yes", parameters: "start=1 end=5 step=1"),
                Row("select_one yn", "safe", "Do you feel safe?", required: "yes"),
                Row("text", "why", "What would help?", relevant: "${safe} = 'no'"),
                Row("integer", "visits", "How many visits?", required: "yes", constraint: ". >= 0 and . <= 60"),
                Row("select_one place", "where", "Where do you live?", required: "true"),
                Row("date", "when", "When can we call?"),
                Row("note", "outro", "Thank you."),
            ],
            [
                new() { ["list_name"] = "yn", ["name"] = "yes", ["label::English (en)"] = "Yes" },
                new() { ["list_name"] = "yn", ["name"] = "no", ["label::English (en)"] = "No" },
                new() { ["list_name"] = "place", ["name"] = "home", ["label::English (en)"] = "At home" },
                new() { ["list_name"] = "place", ["name"] = "flat", ["label::English (en)"] = "In a flat" },
            ]);

        var result = Import(xlsx);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var s = result.Survey!;
        Assert.Equal(["happy", "safe", "why", "visits", "where", "when"], s.Questions.Select(q => q.Id));
        Assert.Equal(QuestionType.Scale, s.FindQuestion("happy")!.Type);
        Assert.Equal(QuestionType.YesNo, s.FindQuestion("safe")!.Type);
        Assert.True(s.FindQuestion("why")!.Optional);
        Assert.Equal("safe", s.FindQuestion("why")!.AskWhen!.QuestionId);
        Assert.Equal((0, 60), (s.FindQuestion("visits")!.Min, s.FindQuestion("visits")!.Max));
        Assert.Equal(["home", "flat"], s.FindQuestion("where")!.Options.Select(o => o.Id));
        Assert.Equal("Hello from the peer research group.", s.Intro.Get("en"));
    }

    [Fact]
    public void DecimalRow_IsANumberQuestionWithDecimals_AndRoundTrips()
    {
        var xlsx = Workbook(
        [
            Row("note", "intro", "Hello."),
            Row("decimal", "weight", "What do you weigh, in kg?", constraint: ". >= 0 and . <= 300", parameters: "decimals=1"),
            Row("decimal", "hours", "How many hours?"),
            Row("note", "outro", "Thanks."),
        ]);

        var survey = Import(xlsx).Survey!;

        Assert.Equal((QuestionType.Number, 1, 0, 300), (survey.FindQuestion("weight")!.Type, survey.FindQuestion("weight")!.Decimals, survey.FindQuestion("weight")!.Min, survey.FindQuestion("weight")!.Max));
        Assert.Equal(2, survey.FindQuestion("hours")!.Decimals);
        var again = Import(XlsFormWriter.Write(survey));
        Assert.Equal(SurveyYamlWriter.Write(survey), SurveyYamlWriter.Write(again.Survey!));
    }

    [Fact]
    public void UnsupportedRow_IsRefused_WithItsRowNumberAndAPlainReason()
    {
        var xlsx = Workbook(
        [
            Row("note", "intro", "Hello."),
            Row("select_multiple things", "things", "Which things?"),
            Row("note", "outro", "Thanks."),
        ]);

        var result = Import(xlsx);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("select_multiple", error.Message);
        Assert.Contains("one thing at a time", error.Message);
    }

    [Fact]
    public void UnsupportedRelevantRule_IsRefusedWithItsRow()
    {
        var xlsx = Workbook(
        [
            Row("note", "intro", "Hello."),
            Row("integer", "age", "How old are you?"),
            Row("text", "why", "Why?", relevant: "${age} > 18"),
            Row("note", "outro", "Thanks."),
        ]);

        var error = Assert.Single(Import(xlsx).Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("relevant", error.Message);
    }

    [Fact]
    public void SurveyFileRules_PointBackToTheRow()
    {
        // A skip rule naming a later question is caught by the survey-file rules, reported at its row.
        var xlsx = Workbook(
        [
            Row("note", "intro", "Hello."),
            Row("text", "why", "Why?", relevant: "${safe} = 'no'"),
            Row("select_one yn", "safe", "Safe?"),
            Row("note", "outro", "Thanks."),
        ],
        [
            new() { ["list_name"] = "yn", ["name"] = "yes", ["label::English (en)"] = "Yes" },
            new() { ["list_name"] = "yn", ["name"] = "no", ["label::English (en)"] = "No" },
        ]);

        var result = Import(xlsx);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Line == 3);
    }

    [Fact]
    public void NotASpreadsheet_IsAPlainError_NotAnException()
    {
        var result = XlsFormReader.Read(new MemoryStream("id: x"u8.ToArray()));

        Assert.Contains("not a spreadsheet", Assert.Single(result.Errors).Message);
    }
}
