using System.Text;

namespace CoProduction.Store.Results.Export;

/// <summary>
/// Writes an export as CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads the accents),
/// row by row to the stream: the responses first, then after a blank line the codebook section.
/// </summary>
public static class CsvExport
{
    public const string CodebookMarker = "codebook";

    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<ExportRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        var all = ExportColumnsWithResponse(columns);
        await WriteLineAsync(writer, all.Select(c => c.Code));
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await WriteLineAsync(writer, Cells(row));
            count++;
        }
        await writer.WriteAsync("\r\n");
        await WriteLineAsync(writer, [CodebookMarker]);
        await WriteLineAsync(writer, ["column", "label", "type", "values"]);
        foreach (var c in all) await WriteLineAsync(writer, [c.Code, c.Label, c.Type, c.Values]);
        await writer.FlushAsync(ct);
        return count;
    }

    public static IReadOnlyList<ExportColumn> ExportColumnsWithResponse(IReadOnlyList<ExportColumn> columns) =>
        ResultsExport.ResponseColumns.Concat(columns).ToList();

    public static IEnumerable<string?> Cells(ExportRow row) =>
        new string?[]
        {
            row.ResponseId.ToString(), row.Channel, ResultsExport.Started(row.Started), row.Status,
            row.Interview?.Id.ToString(), row.Interview?.InterviewerRole, row.Interview?.Mode, row.Interview?.AnsweredBy,
            row.Interview is null ? null : row.Interview.Consent ? "yes" : "no",
        }.Concat(row.Values);

    private static Task WriteLineAsync(StreamWriter writer, IEnumerable<string?> cells) =>
        writer.WriteAsync(string.Join(',', cells.Select(Quote)) + "\r\n");

    private static string Quote(string? cell)
    {
        var safe = CellGuard.Neutralise(cell ?? "");
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"") + "\"" : safe;
    }
}
