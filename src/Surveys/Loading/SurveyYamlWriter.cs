using System.Globalization;
using System.Text;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Writes a definition as a survey file that <see cref="SurveyFileParser"/> reads back to the same
/// survey. Used when a survey arrives another way (an XLSForm spreadsheet, an accepted wording
/// proposal): versions are always stored as YAML, so the board approves one readable text.
/// Every text is double-quoted, so no wording can be misread as YAML.
/// </summary>
public static class SurveyYamlWriter
{
    public static string Write(SurveyDefinition survey)
    {
        var y = new StringBuilder();
        y.Append("id: ").Append(survey.Id).Append('\n');
        // The definition keeps the title in its main language only (it is for staff); a file in
        // several languages needs it in each, so the main title stands for all.
        Text(y, 0, "title", new LocalizedText(survey.Languages.ToDictionary(l => l, survey.TitleIn)), survey);
        if (survey.Languages.Count != 1 || survey.DefaultLanguage != "en")
            y.Append("languages: [").Append(string.Join(", ", survey.Languages)).Append("]\n");

        if (!survey.HasKeyword && survey.KeywordsByLanguage.Count == 0)
        {
            // Sent only by invitation: no keyword line at all.
        }
        else if (survey.KeywordsByLanguage.Count == 0)
        {
            y.Append("keyword: ").Append(survey.Keyword).Append('\n');
        }
        else
        {
            y.Append("keyword:\n");
            y.Append("  ").Append(survey.DefaultLanguage).Append(": ").Append(survey.Keyword).Append('\n');
            foreach (var (language, keyword) in survey.KeywordsByLanguage.Where(k => k.Key != survey.DefaultLanguage))
                y.Append("  ").Append(language).Append(": ").Append(keyword).Append('\n');
        }

        Text(y, 0, "intro", survey.Intro, survey);
        Text(y, 0, "outro", survey.Outro, survey);
        y.Append("questions:\n");
        foreach (var q in survey.Questions) Question(y, q, survey);
        return y.ToString();
    }

    private static void Question(StringBuilder y, Question q, SurveyDefinition survey)
    {
        y.Append("  - id: ").Append(q.Id).Append('\n');
        y.Append("    type: ").Append(QuestionReader.TypeName(q.Type)).Append('\n');
        if (q.Optional) y.Append("    optional: true\n");
        if (q.Min is { } min) y.Append("    min: ").Append(Number(min)).Append('\n');
        if (q.Max is { } max) y.Append("    max: ").Append(Number(max)).Append('\n');
        if (q.Decimals > 0) y.Append("    decimals: ").Append(Number(q.Decimals)).Append('\n');
        if (q.Type == QuestionType.Date && q.Dates == DateDirection.Past) y.Append("    dates: past\n");
        if (q.Type == QuestionType.Text && q.MaxLength != Definitions.Question.DefaultMaxLength)
            y.Append("    max_length: ").Append(Number(q.MaxLength)).Append('\n');
        if (q.AskWhen is { } when)
        {
            y.Append("    when:\n      question: ").Append(when.QuestionId).Append('\n');
            y.Append("      is: [").Append(string.Join(", ", when.Values.Select(Quote))).Append("]\n");
        }
        Text(y, 4, "text", q.Wording.Text, survey);
        if (q.Wording.EasyRead is { } easy) Text(y, 4, "easy_read", easy, survey);
        if (q.Wording.PerChannel.Count > 0)
        {
            y.Append("    channels:\n");
            foreach (var (channel, text) in q.Wording.PerChannel.OrderBy(c => c.Key))
                Text(y, 6, channel.ToName(), text, survey);
        }
        if (q.Labels.Count > 0)
        {
            y.Append("    labels:\n");
            foreach (var (point, label) in q.Labels.OrderBy(l => l.Key))
                Text(y, 6, Number(point), label, survey);
        }
        if (q.Options.Count > 0)
        {
            y.Append("    options:\n");
            foreach (var o in q.Options)
            {
                y.Append("      - id: ").Append(o.Id).Append('\n');
                Text(y, 8, "text", o.Text, survey);
                if (o.Synonyms.Count > 0)
                    y.Append("        synonyms: [").Append(string.Join(", ", o.Synonyms.Select(Quote))).Append("]\n");
            }
        }
    }

    /// <summary>Always a group per language (in the survey's order), which the parser reads for any survey.</summary>
    private static void Text(StringBuilder y, int indent, string key, LocalizedText text, SurveyDefinition survey)
    {
        var pad = new string(' ', indent);
        y.Append(pad).Append(key).Append(":\n");
        var languages = survey.Languages.Where(text.Has).Concat(text.Languages.Where(l => !survey.Languages.Contains(l, StringComparer.OrdinalIgnoreCase)));
        foreach (var language in languages)
            y.Append(pad).Append("  ").Append(language).Append(": ").Append(Quote(text.ByLanguage[language])).Append('\n');
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A YAML double-quoted scalar (JSON's escapes are valid YAML).</summary>
    public static string Quote(string text)
    {
        var s = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else s.Append(c);
                    break;
            }
        }
        return s.Append('"').ToString();
    }
}
