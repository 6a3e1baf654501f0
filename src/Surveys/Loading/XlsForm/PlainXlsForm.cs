namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// A plain XLSForm, as KoboToolbox or ODK make it, has none of our extra rows: its notes have
/// names like <c>welcome</c> or <c>note_thanks</c>, not <c>intro</c> and <c>outro</c>. Before the
/// reader sees it: a note before the first question becomes the intro, a note after the last
/// question becomes the outro, and a form with neither gets a short plain welcome and thank-you
/// (in the form's own label columns), which the board then reads and may reword like any other.
/// A note between questions is left as it is, so the reader still explains why it cannot be.
/// </summary>
internal static class PlainXlsForm
{
    public static IReadOnlyList<XlsFormSheet> Complete(IReadOnlyList<XlsFormSheet> sheets) => WithNotes(WithPlainId(sheets));

    /// <summary>KoboToolbox form ids often use '_' (home_life_2026); ours use '-', so the id reads the same.</summary>
    private static IReadOnlyList<XlsFormSheet> WithPlainId(IReadOnlyList<XlsFormSheet> sheets) =>
        sheets.Select(s => !s.Name.Equals("settings", StringComparison.OrdinalIgnoreCase) ? s : s with
        {
            Rows = s.Rows.Select(r => r.Get("form_id").Contains('_')
                ? r with { Cells = new Dictionary<string, string>(r.Cells, StringComparer.OrdinalIgnoreCase) { ["form_id"] = r.Get("form_id").Replace('_', '-') } }
                : r).ToList(),
        }).ToList();

    private static IReadOnlyList<XlsFormSheet> WithNotes(IReadOnlyList<XlsFormSheet> sheets)
    {
        var index = sheets.ToList().FindIndex(s => s.Name.Equals("survey", StringComparison.OrdinalIgnoreCase));
        if (index < 0 || !sheets[index].Has(XlsFormColumns.Type) || !sheets[index].Has(XlsFormColumns.Name)) return sheets;
        var survey = sheets[index];
        var rows = survey.Rows.ToList();
        var kinds = rows.Select(Kind).ToList();
        if (kinds.Contains(Row.NamedIntroOrOutro)) return sheets;

        var firstQuestion = kinds.IndexOf(Row.Question);
        var lastQuestion = kinds.LastIndexOf(Row.Question);
        if (firstQuestion < 0) return sheets;
        var introAt = kinds.Take(firstQuestion).ToList().IndexOf(Row.Note);
        var outroAt = kinds.LastIndexOf(Row.Note) is var last && last > lastQuestion ? last : -1;

        var labels = survey.Headers.Where(h => XlsFormColumns.Split(h).Base == XlsFormColumns.Label).ToList();
        if (labels.Count == 0) return sheets;
        var title = Title(sheets);

        if (introAt >= 0) rows[introAt] = Renamed(rows[introAt], "intro");
        else rows.Insert(0, Note(0, "intro", labels, language => Welcome(language, title)));
        if (outroAt >= 0) rows[outroAt + (introAt >= 0 ? 0 : 1)] = Renamed(rows[outroAt + (introAt >= 0 ? 0 : 1)], "outro");
        else rows.Add(Note(rows.Count == 0 ? 2 : rows[^1].Number + 1, "outro", labels, ThankYou));

        var completed = sheets.ToList();
        completed[index] = survey with { Rows = rows };
        return completed;
    }

    private enum Row { Other, Note, NamedIntroOrOutro, Question }

    private static Row Kind(XlsFormRow row)
    {
        if (row.IsEmpty) return Row.Other;
        var type = row.Get(XlsFormColumns.Type).Trim().Split(' ', 2)[0].ToLowerInvariant();
        var name = row.Get(XlsFormColumns.Name).Trim();
        if (type == "note")
            return name.Equals("intro", StringComparison.OrdinalIgnoreCase) || name.Equals("outro", StringComparison.OrdinalIgnoreCase)
                ? Row.NamedIntroOrOutro : Row.Note;
        return type is "text" or "integer" or "decimal" or "range" or "select_one" or "date" ? Row.Question : Row.Other;
    }

    private static XlsFormRow Renamed(XlsFormRow row, string name)
    {
        var cells = new Dictionary<string, string>(row.Cells, StringComparer.OrdinalIgnoreCase) { [XlsFormColumns.Name] = name };
        return row with { Cells = cells };
    }

    /// <summary>A made-up row keeps a real row's number (0 for one before the first), so errors still point somewhere.</summary>
    private static XlsFormRow Note(int number, string name, List<string> labels, Func<string?, string> words)
    {
        var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [XlsFormColumns.Type] = "note", [XlsFormColumns.Name] = name };
        foreach (var label in labels) cells[label] = words(XlsFormColumns.Split(label).Language);
        return new XlsFormRow(Math.Max(number, 2), cells);
    }

    private static string Title(IReadOnlyList<XlsFormSheet> sheets) =>
        sheets.FirstOrDefault(s => s.Name.Equals("settings", StringComparison.OrdinalIgnoreCase))?.Rows.FirstOrDefault(r => !r.IsEmpty)?.Get("form_title") is { Length: > 0 } t
            ? t : "our survey";

    private static string Welcome(string? language, string title) => language == "cy"
        ? $"Helo! Dyma ychydig o gwestiynau: {title}. Tecstiwch STOP i stopio."
        : $"Hello! Here are a few questions: {title}. Text STOP to stop.";

    private static string ThankYou(string? language) => language == "cy"
        ? "Diolch. Mae eich atebion yn ein helpu i newid pethau."
        : "Thank you. Your answers help us change things.";
}
