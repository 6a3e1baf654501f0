using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// Reads the XLSForm subset we support (the format ODK and KoboToolbox use) into a survey
/// definition: <c>select_one</c>, <c>integer</c>, <c>range</c>, <c>text</c>, <c>date</c>, <c>note</c>
/// (the notes named intro and outro), <c>required</c>, <c>relevant</c> (our skip logic),
/// <c>constraint</c> (a number's range), <c>constraint_message</c> and <c>hint</c> (read but not
/// used: the service writes its own reply hints in plain English), <c>label::&lt;language&gt;</c>;
/// our extras in extra columns. Anything else is refused with its row number and a plain reason.
/// Errors use <see cref="SurveyFileError.Line"/> for the spreadsheet row.
/// </summary>
public static partial class XlsFormReader
{
    /// <summary>Rows ODK and Kobo add for their own records; they are not questions, so they are passed over.</summary>
    private static readonly HashSet<string> Metadata = new(StringComparer.OrdinalIgnoreCase)
    {
        "start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit", "email",
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.OrdinalIgnoreCase)
    {
        ["select_multiple"] = "people answer one thing at a time by text or phone: use select_one, or a yes/no question per option",
        ["calculate"] = "the service does not calculate values",
        ["begin_group"] = "groups are not supported: list the questions one after another",
        ["end_group"] = "groups are not supported: list the questions one after another",
        ["begin_repeat"] = "repeats are not supported",
        ["end_repeat"] = "repeats are not supported",
        ["geopoint"] = "locations cannot be sent by text or phone",
        ["image"] = "pictures cannot be sent by text or phone",
        ["audio"] = "recordings are not supported",
        ["video"] = "videos cannot be sent by text or phone",
        ["file"] = "files cannot be sent by text or phone",
        ["time"] = "use date, or a text question",
        ["datetime"] = "use date, or a text question",
        ["acknowledge"] = "use a yes/no question (select_one with the choices yes and no)",
        ["rank"] = "people answer one thing at a time: use select_one",
    };

    public static SurveyParseResult Read(Stream xlsx)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        IReadOnlyList<XlsFormSheet> sheets;
        try
        {
            var seekable = new MemoryStream();
            xlsx.CopyTo(seekable);
            seekable.Position = 0;
            if (XlsFormSize.Problem(seekable) is { } tooBig) return Failed(new SurveyFileError(0, "file", tooBig));
            sheets = XlsFormWorkbook.Read(seekable);
        }
        catch (XlsFormWorkbook.TooManyRowsException)
        {
            return Failed(new SurveyFileError(0, "file", $"a sheet has more than {XlsFormSize.MaxRows:N0} rows: a survey has far fewer, so send only its survey, choices and settings sheets"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException or System.Xml.XmlException or ArgumentException or NotSupportedException)
        {
            return Failed(new SurveyFileError(0, "file", "the file is not a spreadsheet we can open: save it as an Excel workbook (.xlsx) and send it again"));
        }
        return Read(PlainXlsForm.Complete(sheets));
    }

    internal static SurveyParseResult Read(IReadOnlyList<XlsFormSheet> sheets)
    {
        var errors = new List<SurveyFileError>();
        var survey = sheets.FirstOrDefault(s => s.Name.Equals("survey", StringComparison.OrdinalIgnoreCase));
        if (survey is null)
            return Failed(new SurveyFileError(0, "file", "there is no sheet called survey: an XLSForm lists its questions on a sheet named survey"));
        var choices = sheets.FirstOrDefault(s => s.Name.Equals("choices", StringComparison.OrdinalIgnoreCase));
        var settings = sheets.FirstOrDefault(s => s.Name.Equals("settings", StringComparison.OrdinalIgnoreCase));
        var setting = settings?.Rows.FirstOrDefault(r => !r.IsEmpty);

        foreach (var required in new[] { XlsFormColumns.Type, XlsFormColumns.Name })
            if (!survey.Has(required))
                errors.Add(new SurveyFileError(1, "survey", $"the survey sheet has no '{required}' column: row 1 must name the columns, including type, name and label"));
        if (errors.Count > 0) return Failed([.. errors]);

        var defaultLanguage = setting?.Get("default_language") is { Length: > 0 } dl ? XlsFormColumns.Split("x::" + dl).Language ?? "en" : "en";
        var languages = new List<string> { defaultLanguage };
        foreach (var sheet in new[] { survey, choices, settings }.OfType<XlsFormSheet>())
        {
            foreach (var header in sheet.Headers)
            {
                var (baseName, language, problem) = XlsFormColumns.Split(header);
                if (problem is not null) errors.Add(new SurveyFileError(1, $"{sheet.Name} sheet", problem));
                else if (language is not null && baseName == XlsFormColumns.Label && !languages.Contains(language)) languages.Add(language);
            }
        }

        var lists = XlsFormCells.ReadChoices(choices, languages, defaultLanguage, errors);
        var questions = new List<Question>();
        var rowOf = new List<int>();
        LocalizedText? intro = null, outro = null;

        foreach (var row in survey.Rows.Where(r => !r.IsEmpty))
        {
            var typeCell = row.Get(XlsFormColumns.Type).Trim();
            var parts = typeCell.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var type = parts.Length > 0 ? parts[0].ToLowerInvariant().Replace(' ', '_') : "";
            var name = row.Get(XlsFormColumns.Name).Trim();
            var where = name.Length > 0 ? $"survey row {row.Number} ({name})" : $"survey row {row.Number}";
            void Error(string message) => errors.Add(new SurveyFileError(row.Number, where, message));

            if (type.Length == 0) { Error("this row has no type: write text, integer, range, select_one <list>, date or note"); continue; }
            if (Metadata.Contains(type)) continue;
            if (type is "begin" or "end" && parts.Length > 1) type = $"{type}_{parts[1].ToLowerInvariant()}";
            if (Unsupported.TryGetValue(type, out var why)) { Error($"{typeCell} is not supported: {why}"); continue; }
            if (name.Length == 0) { Error("this row has no name: give each question a short name, for example happy"); continue; }

            var label = XlsFormCells.Localised(row, XlsFormColumns.Label, languages, defaultLanguage);
            if (type == "note")
            {
                if (name.Equals("intro", StringComparison.OrdinalIgnoreCase)) intro = label;
                else if (name.Equals("outro", StringComparison.OrdinalIgnoreCase)) outro = label;
                else Error("a note can only be the survey's intro or outro (named intro or outro): a note between questions would be one more message to read, so put the words in the next question");
                continue;
            }
            if (label is null) { Error("this question has no label: write its words in the label column"); continue; }

            var wording = new Wording(label, XlsFormCells.Localised(row, XlsFormColumns.EasyRead, languages, defaultLanguage), XlsFormCells.PerChannel(row, languages, defaultLanguage));
            var required = row.Get(XlsFormColumns.Required).Trim().ToLowerInvariant();
            var optional = required switch
            {
                "" or "no" or "false" or "false()" or "0" => true,
                "yes" or "true" or "true()" or "1" => false,
                _ => (bool?)null,
            };
            if (optional is null) { Error($"required should be yes or no (it is '{row.Get(XlsFormColumns.Required)}')"); continue; }

            var question = new Question { Id = name, Type = QuestionType.Text, Wording = wording, Optional = optional.Value };
            var constraint = row.Get(XlsFormColumns.Constraint).Trim();
            switch (type)
            {
                case "text":
                    if (row.Get(XlsFormColumns.MaxLength) is { Length: > 0 } ml)
                    {
                        if (!int.TryParse(ml, NumberStyles.None, CultureInfo.InvariantCulture, out var maxLength)) { Error($"max_length should be a whole number (it is '{ml}')"); continue; }
                        question = question with { MaxLength = maxLength };
                    }
                    break;
                case "date":
                    question = question with { Type = QuestionType.Date };
                    break;
                case "integer":
                case "decimal":
                {
                    var (min, max, problem) = XlsFormRules.Range(constraint);
                    if (problem is not null) { Error(problem); continue; }
                    var decimals = 0;
                    if (type == "decimal")
                    {
                        // Our extension: parameters "decimals=1"; plain XLSForm decimals get 2 places.
                        var (places, placesProblem) = XlsFormRules.Decimals(row.Get(XlsFormColumns.Parameters));
                        if (placesProblem is not null) { Error(placesProblem); continue; }
                        decimals = places;
                    }
                    question = question with { Type = QuestionType.Number, Min = min, Max = max, Decimals = decimals };
                    constraint = "";
                    break;
                }
                case "range":
                {
                    var (start, end, problem) = XlsFormRules.Parameters(row.Get(XlsFormColumns.Parameters));
                    if (problem is not null) { Error(problem); continue; }
                    question = question with { Type = QuestionType.Scale, Min = start, Max = end, Labels = XlsFormCells.ScaleLabels(row, languages, defaultLanguage, Error) };
                    break;
                }
                case "select_one":
                {
                    var listName = parts.Length > 1 ? parts[1] : "";
                    if (listName.Length == 0) { Error("select_one needs the name of its list of choices, for example select_one places"); continue; }
                    if (!lists.TryGetValue(listName, out var options)) { Error($"there is no list called '{listName}' on the choices sheet"); continue; }
                    question = options.Select(o => o.Id.ToLowerInvariant()).Order().SequenceEqual(["no", "yes"])
                        ? question with { Type = QuestionType.YesNo }
                        : question with { Type = QuestionType.Choice, Options = options };
                    break;
                }
                default:
                    Error($"'{typeCell}' is not a question type we support: use text, integer, range, select_one <list>, date or note");
                    continue;
            }
            if (constraint.Length > 0) { Error("a constraint is only supported on integer questions, as a range like . >= 0 and . <= 60"); continue; }

            var relevant = row.Get(XlsFormColumns.Relevant).Trim();
            if (relevant.Length > 0)
            {
                var (condition, problem) = XlsFormRules.Relevant(relevant);
                if (problem is not null) { Error(problem); continue; }
                question = question with { AskWhen = condition };
            }
            questions.Add(question);
            rowOf.Add(row.Number);
        }

        var title = setting?.Get("form_title") is { Length: > 0 } t ? t : null;
        var id = setting?.Get("form_id") is { Length: > 0 } fid ? fid : null;
        var keyword = setting?.Get("keyword") is { Length: > 0 } k ? k : null;
        if (id is null) errors.Add(new SurveyFileError(0, "settings sheet", "the settings sheet needs a form_id: a short name for the survey, for example checkin"));
        if (title is null) errors.Add(new SurveyFileError(0, "settings sheet", "the settings sheet needs a form_title: the survey's name"));
        if (intro is null) errors.Add(new SurveyFileError(0, "survey sheet", "add a note row named intro: the first message people get"));
        if (outro is null) errors.Add(new SurveyFileError(0, "survey sheet", "add a note row named outro: the thank-you at the end"));
        if (errors.Count > 0) return Failed([.. errors.OrderBy(e => e.Line)]);

        var keywords = new Dictionary<string, string>();
        foreach (var language in languages.Skip(1))
            if (setting!.Get($"keyword::{language}") is { Length: > 0 } lk) keywords[language] = lk.ToUpperInvariant();

        var titles = new Dictionary<string, string> { [languages[0]] = title! };
        foreach (var language in languages.Skip(1))
            titles[language] = setting!.Get($"form_title::{language}") is { Length: > 0 } lt ? lt : title!;

        var definition = new SurveyDefinition
        {
            Id = id!,
            Title = title!,
            Titles = new LocalizedText(titles),
            Keyword = keyword?.ToUpperInvariant() ?? "",
            KeywordsByLanguage = keywords,
            Languages = languages,
            Intro = intro!,
            Outro = outro!,
            Questions = questions,
        };
        return Validate(definition, rowOf);
    }

    /// <summary>
    /// The survey-file rules (ids, ranges, skip logic, every language present) live in one place,
    /// the YAML parser; the definition is checked there and its errors pointed back to rows.
    /// </summary>
    private static SurveyParseResult Validate(SurveyDefinition definition, IReadOnlyList<int> rowOf)
    {
        var parsed = SurveyFileParser.Parse(SurveyYamlWriter.Write(definition));
        if (parsed.Succeeded) return new SurveyParseResult(definition, []);
        return Failed([.. parsed.Errors.Select(e =>
        {
            var m = QuestionIndex().Match(e.Field);
            if (m.Success && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= rowOf.Count)
                return new SurveyFileError(rowOf[n - 1], $"survey row {rowOf[n - 1]}{m.Groups[2].Value}", e.Message);
            return new SurveyFileError(0, e.Field, e.Message);
        }).OrderBy(e => e.Line)]);
    }

    private static SurveyParseResult Failed(params SurveyFileError[] errors) => new(null, errors);

    [GeneratedRegex(@"^questions\[(\d+)\](?:\s*\([^)]*\))?(.*)$")]
    private static partial Regex QuestionIndex();
}
