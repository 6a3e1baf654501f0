namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>One sheet as rows of (column header -> cell text), with each row's number as a spreadsheet shows it.</summary>
internal sealed record XlsFormSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<XlsFormRow> Rows)
{
    public bool Has(string header) => Headers.Contains(header, StringComparer.OrdinalIgnoreCase);
}

internal sealed record XlsFormRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string Get(string header) => Cells.TryGetValue(header, out var v) ? v : "";

    public bool IsEmpty => Cells.Values.All(string.IsNullOrWhiteSpace);
}
