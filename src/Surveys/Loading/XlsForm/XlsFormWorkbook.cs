using System.Globalization;
using MiniExcelLibs;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>The seam around the spreadsheet library: bytes in, sheets of text out (and back).</summary>
internal static class XlsFormWorkbook
{
    public static IReadOnlyList<XlsFormSheet> Read(Stream xlsx)
    {
        var sheets = new List<XlsFormSheet>();
        foreach (var name in xlsx.GetSheetNames())
        {
            var rows = new List<XlsFormRow>();
            string[] letters = [];
            var headers = new List<string>();
            var number = 0;
            foreach (IDictionary<string, object?> raw in xlsx.Query(useHeaderRow: false, sheetName: name))
            {
                number++;
                // Whatever the file declared: reading stops here, so memory stays flat.
                if (number > XlsFormSize.MaxRows || raw.Count > XlsFormSize.MaxColumns) throw new TooManyRowsException();
                if (number == 1)
                {
                    letters = raw.Keys.ToArray();
                    headers = raw.Values.Select(v => Text(v)).ToList();
                    continue;
                }
                var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < letters.Length; i++)
                {
                    if (headers[i].Length == 0) continue;
                    cells[headers[i]] = raw.TryGetValue(letters[i], out var v) ? Text(v) : "";
                }
                rows.Add(new XlsFormRow(number, cells));
            }
            sheets.Add(new XlsFormSheet(name, headers.Where(h => h.Length > 0).ToList(), rows));
        }
        return sheets;
    }

    /// <summary>A sheet went past <see cref="XlsFormSize.MaxRows"/> rows (or its columns) while being read.</summary>
    public sealed class TooManyRowsException : Exception;

    public static byte[] Write(IReadOnlyList<(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)> sheets)
    {
        var workbook = new Dictionary<string, object>();
        foreach (var (name, headers, rows) in sheets)
        {
            workbook[name] = rows.Select(r => headers.ToDictionary(h => h, h => (object)(r.TryGetValue(h, out var v) ? v : ""))).ToList();
        }
        using var stream = new MemoryStream();
        stream.SaveAs(workbook);
        return stream.ToArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim() ?? "",
    };
}
