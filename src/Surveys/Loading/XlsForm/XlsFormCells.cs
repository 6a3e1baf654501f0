using System.Globalization;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>Reads wording out of XLSForm cells: a column per language (label::Welsh (cy)), per channel, scale labels, and the choices sheet.</summary>
internal static class XlsFormCells
{
    public static Dictionary<string, List<ChoiceOption>> ReadChoices(XlsFormSheet? sheet, List<string> languages, string defaultLanguage, List<SurveyFileError> errors)
    {
        var lists = new Dictionary<string, List<ChoiceOption>>(StringComparer.Ordinal);
        if (sheet is null) return lists;
        foreach (var row in sheet.Rows.Where(r => !r.IsEmpty))
        {
            var list = row.Get(XlsFormColumns.ListName).Trim();
            var name = row.Get(XlsFormColumns.Name).Trim();
            var where = $"choices row {row.Number}";
            if (list.Length == 0 || name.Length == 0)
            {
                errors.Add(new SurveyFileError(row.Number, where, "each choice needs a list_name and a name"));
                continue;
            }
            var label = Localised(row, XlsFormColumns.Label, languages, defaultLanguage) ?? LocalizedText.Of(name);
            var synonyms = row.Get(XlsFormColumns.Synonyms).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!lists.TryGetValue(list, out var options)) lists[list] = options = [];
            options.Add(new ChoiceOption(name, label, synonyms));
        }
        return lists;
    }

    public static LocalizedText? Localised(XlsFormRow row, string column, List<string> languages, string defaultLanguage)
    {
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in row.Cells)
        {
            if (value.Length == 0) continue;
            var (baseName, language, _) = XlsFormColumns.Split(header);
            if (baseName != column) continue;
            texts[language ?? defaultLanguage] = value;
        }
        return texts.Count == 0 ? null : new LocalizedText(texts);
    }

    public static IReadOnlyDictionary<Channel, LocalizedText> PerChannel(XlsFormRow row, List<string> languages, string defaultLanguage)
    {
        var result = new Dictionary<Channel, LocalizedText>();
        foreach (var (column, channel) in new[] { (XlsFormColumns.Sms, Channel.Sms), (XlsFormColumns.Voice, Channel.Voice), (XlsFormColumns.Web, Channel.Web) })
            if (Localised(row, column, languages, defaultLanguage) is { } text) result[channel] = text;
        return result;
    }

    /// <summary>Our extra column scale_labels: "1=Very unhappy;5=Very happy", per language.</summary>
    public static IReadOnlyDictionary<int, LocalizedText> ScaleLabels(XlsFormRow row, List<string> languages, string defaultLanguage, Action<string> error)
    {
        var byPoint = new SortedDictionary<int, Dictionary<string, string>>();
        if (Localised(row, XlsFormColumns.ScaleLabels, languages, defaultLanguage) is not { } cell) return new Dictionary<int, LocalizedText>();
        foreach (var (language, text) in cell.ByLanguage)
        {
            foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (kv.Length != 2 || !int.TryParse(kv[0], CultureInfo.InvariantCulture, out var point))
                {
                    error($"scale_labels should pair points with words, like 1=Very unhappy;5=Very happy (found '{pair}')");
                    continue;
                }
                if (!byPoint.TryGetValue(point, out var texts)) byPoint[point] = texts = new Dictionary<string, string>();
                texts[language] = kv[1];
            }
        }
        return byPoint.ToDictionary(p => p.Key, p => new LocalizedText(p.Value));
    }
}
