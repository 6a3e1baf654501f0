using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// Checks a spreadsheet's size before the spreadsheet library reads it: an .xlsx is a zip, so a
/// 200 KB upload can unpack to hundreds of MB or declare 300,000 rows. The zip's declared sizes
/// and each sheet's declared dimension are read first (cheap), and reading stops at
/// <see cref="MaxRows"/> rows whatever the file declared.
/// </summary>
internal static partial class XlsFormSize
{
    /// <summary>A survey of 100 questions with 9 options each is about 1,000 rows.</summary>
    public const int MaxRows = 5_000;

    public const int MaxColumns = 200;

    /// <summary>All the parts of the workbook, unpacked.</summary>
    public const long MaxUnpackedBytes = 20 * 1024 * 1024;

    private const int MaxEntries = 1_000;

    /// <summary>Why the workbook is too big to read, in plain English; or null when it may be read.</summary>
    public static string? Problem(Stream xlsx)
    {
        var start = xlsx.Position;
        try
        {
            using var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries) return $"the spreadsheet has {zip.Entries.Count} parts inside it: a survey needs a few dozen";
            var unpacked = zip.Entries.Sum(e => e.Length);
            if (unpacked > MaxUnpackedBytes)
                return $"the spreadsheet unpacks to {unpacked / 1024 / 1024} MB: a survey is well under {MaxUnpackedBytes / 1024 / 1024} MB, so send only its survey, choices and settings sheets";
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
            {
                if (Dimension(sheet) is { } size && (size.Rows > MaxRows || size.Columns > MaxColumns))
                    return $"a sheet says it has {size.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows and {size.Columns} columns: a survey has at most {MaxRows:N0} rows and {MaxColumns} columns";
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // not a zip at all: the reader says so in its own words
        }
        finally
        {
            xlsx.Position = start;
        }
    }

    /// <summary>The sheet's declared &lt;dimension ref="A1:Z300000"/&gt;, read from its first elements only.</summary>
    private static (int Rows, int Columns)? Dimension(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.LocalName == "sheetData") return null;
                if (reader.LocalName != "dimension") continue;
                var match = Range().Match(reader.GetAttribute("ref") ?? "");
                if (!match.Success) return null;
                var columns = ColumnNumber(match.Groups[3].Success ? match.Groups[3].Value : match.Groups[1].Value);
                var rows = int.TryParse(match.Groups[4].Success ? match.Groups[4].Value : match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : int.MaxValue;
                return (rows, columns);
            }
        }
        catch (XmlException)
        {
            return null;
        }
        return null;
    }

    private static int ColumnNumber(string letters)
    {
        var n = 0;
        foreach (var c in letters.ToUpperInvariant())
        {
            n = n * 26 + (c - 'A' + 1);
            if (n > 100_000) return n;
        }
        return n;
    }

    [GeneratedRegex(@"^\$?([A-Za-z]{1,4})\$?(\d{1,9})(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?$")]
    private static partial Regex Range();
}
