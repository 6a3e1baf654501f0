using System.Globalization;
using MiniExcelLibs;

namespace CoProduction.Store.Results.Export;

/// <summary>
/// Writes an export as an XLSX workbook with two sheets, "responses" and "codebook". MiniExcel
/// writes rows as they are enumerated, so memory stays flat; it writes synchronously, so the
/// caller gives it a temporary file and streams that out (ASP.NET Core refuses synchronous writes
/// to a response).
/// </summary>
public static class XlsxExport
{
    public static int Write(Stream output, IReadOnlyList<ExportColumn> columns, IEnumerable<ExportRow> rows)
    {
        var all = CsvExport.ExportColumnsWithResponse(columns);
        var count = 0;
        IEnumerable<IDictionary<string, object?>> Responses()
        {
            foreach (var row in rows)
            {
                count++;
                var cells = CsvExport.Cells(row).ToList();
                var line = new Dictionary<string, object?>(all.Count);
                for (var i = 0; i < all.Count; i++) line[all[i].Code] = Cell(cells[i]);
                yield return line;
            }
        }
        var codebook = all.Select(c => new Dictionary<string, object?> { ["column"] = c.Code, ["label"] = c.Label, ["type"] = c.Type, ["values"] = c.Values });
        var sheets = new Dictionary<string, object>
        {
            ["responses"] = Responses(),
            ["codebook"] = codebook,
        };
        output.SaveAs(sheets);
        return count;
    }

    /// <summary>Numbers as numbers (a spreadsheet can sum them); everything else as guarded text.</summary>
    private static object? Cell(string? value) =>
        value is null ? null
        : decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && value.Length < 16 ? number
        : CellGuard.Neutralise(value);
}
