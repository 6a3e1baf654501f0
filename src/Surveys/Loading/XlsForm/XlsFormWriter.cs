using System.Globalization;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// Writes a survey as an XLSForm workbook (survey, choices, settings sheets) that
/// <see cref="XlsFormReader"/> reads back to the same survey, and that ODK and KoboToolbox can
/// open (they ignore our extra columns).
/// </summary>
public static class XlsFormWriter
{
    private const string YesNoList = "yesno";

    /// <summary>ODK's form, "English (en)": people read the name, tools read the code.</summary>
    private static string Language(string code) => LanguageNames.Describe(code).StartsWith('\'') ? code : LanguageNames.Describe(code);

    public static byte[] Write(SurveyDefinition survey)
    {
        var languages = survey.Languages;
        string Col(string name, string language) => $"{name}::{Language(language)}";

        var surveyHeaders = new List<string> { XlsFormColumns.Type, XlsFormColumns.Name };
        foreach (var column in new[] { XlsFormColumns.Label, XlsFormColumns.EasyRead, XlsFormColumns.Sms, XlsFormColumns.Voice, XlsFormColumns.Web, XlsFormColumns.ScaleLabels })
            surveyHeaders.AddRange(languages.Select(l => Col(column, l)));
        surveyHeaders.AddRange([XlsFormColumns.Required, XlsFormColumns.Relevant, XlsFormColumns.Constraint, XlsFormColumns.Parameters, XlsFormColumns.MaxLength]);

        var rows = new List<IReadOnlyDictionary<string, string>>();
        var choices = new List<IReadOnlyDictionary<string, string>>();
        rows.Add(Note("intro", survey.Intro));
        foreach (var q in survey.Questions)
        {
            var row = new Dictionary<string, string> { [XlsFormColumns.Name] = q.Id };
            Put(row, XlsFormColumns.Label, q.Wording.Text);
            if (q.Wording.EasyRead is { } easy) Put(row, XlsFormColumns.EasyRead, easy);
            foreach (var (channel, text) in q.Wording.PerChannel) Put(row, channel.ToName(), text);
            row[XlsFormColumns.Required] = q.Optional ? "" : "yes";
            if (q.AskWhen is { } when)
                row[XlsFormColumns.Relevant] = string.Join(" or ", when.Values.Select(v => $"${{{when.QuestionId}}} = '{v}'"));
            switch (q.Type)
            {
                case QuestionType.Scale:
                    row[XlsFormColumns.Type] = "range";
                    row[XlsFormColumns.Parameters] = string.Create(CultureInfo.InvariantCulture, $"start={q.Min} end={q.Max} step=1");
                    foreach (var language in languages)
                    {
                        var labels = q.Labels.OrderBy(l => l.Key).Where(l => l.Value.Has(language))
                            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}={l.Value.ByLanguage[language]}"));
                        var cell = string.Join(";", labels);
                        if (cell.Length > 0) row[Col(XlsFormColumns.ScaleLabels, language)] = cell;
                    }
                    break;
                case QuestionType.Number:
                    row[XlsFormColumns.Type] = q.Decimals > 0 ? "decimal" : "integer";
                    if (q.Decimals > 0) row[XlsFormColumns.Parameters] = string.Create(CultureInfo.InvariantCulture, $"decimals={q.Decimals}");
                    var bounds = new List<string>();
                    if (q.Min is { } min) bounds.Add(string.Create(CultureInfo.InvariantCulture, $". >= {min}"));
                    if (q.Max is { } max) bounds.Add(string.Create(CultureInfo.InvariantCulture, $". <= {max}"));
                    row[XlsFormColumns.Constraint] = string.Join(" and ", bounds);
                    break;
                case QuestionType.YesNo:
                    row[XlsFormColumns.Type] = $"select_one {YesNoList}";
                    break;
                case QuestionType.Choice:
                    row[XlsFormColumns.Type] = $"select_one {q.Id}";
                    foreach (var o in q.Options)
                    {
                        var choice = new Dictionary<string, string> { [XlsFormColumns.ListName] = q.Id, [XlsFormColumns.Name] = o.Id, [XlsFormColumns.Synonyms] = string.Join(";", o.Synonyms) };
                        Put(choice, XlsFormColumns.Label, o.Text);
                        choices.Add(choice);
                    }
                    break;
                case QuestionType.Date:
                    row[XlsFormColumns.Type] = "date";
                    break;
                default:
                    row[XlsFormColumns.Type] = "text";
                    if (q.MaxLength != Question.DefaultMaxLength) row[XlsFormColumns.MaxLength] = q.MaxLength.ToString(CultureInfo.InvariantCulture);
                    break;
            }
            rows.Add(row);
        }
        rows.Add(Note("outro", survey.Outro));

        if (survey.Questions.Any(q => q.Type == QuestionType.YesNo))
        {
            foreach (var (name, label) in new[] { ("yes", "Yes"), ("no", "No") })
            {
                var choice = new Dictionary<string, string> { [XlsFormColumns.ListName] = YesNoList, [XlsFormColumns.Name] = name };
                foreach (var language in languages) choice[Col(XlsFormColumns.Label, language)] = label;
                choices.Add(choice);
            }
        }

        var choiceHeaders = new List<string> { XlsFormColumns.ListName, XlsFormColumns.Name };
        choiceHeaders.AddRange(languages.Select(l => Col(XlsFormColumns.Label, l)));
        choiceHeaders.Add(XlsFormColumns.Synonyms);

        var settings = new Dictionary<string, string>
        {
            ["form_id"] = survey.Id,
            ["form_title"] = survey.Title,
            ["default_language"] = Language(survey.DefaultLanguage),
            ["keyword"] = survey.Keyword,
        };
        foreach (var (language, keyword) in survey.KeywordsByLanguage) settings[$"keyword::{language}"] = keyword;
        // Our extra column: the title in the other languages (XLSForm's form_title has one).
        foreach (var language in survey.Languages.Skip(1)) settings[$"form_title::{language}"] = survey.TitleIn(language);

        var sheets = new List<(string, IReadOnlyList<string>, IReadOnlyList<IReadOnlyDictionary<string, string>>)>
        {
            ("survey", surveyHeaders, rows),
        };
        if (choices.Count > 0) sheets.Add(("choices", choiceHeaders, choices));
        sheets.Add(("settings", settings.Keys.ToList(), [settings]));
        return XlsFormWorkbook.Write(sheets);

        Dictionary<string, string> Note(string name, LocalizedText text)
        {
            var row = new Dictionary<string, string> { [XlsFormColumns.Type] = "note", [XlsFormColumns.Name] = name };
            Put(row, XlsFormColumns.Label, text);
            return row;
        }

        void Put(Dictionary<string, string> row, string column, LocalizedText text)
        {
            foreach (var (language, value) in text.ByLanguage) row[Col(column, language)] = value;
        }
    }
}
