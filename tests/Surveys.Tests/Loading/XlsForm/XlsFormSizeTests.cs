using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Loading.XlsForm;
using MiniExcelLibs;

namespace CoProduction.Surveys.Tests.Loading.XlsForm;

public sealed class XlsFormSizeTests
{
    private static byte[] SurveySheet(int rows)
    {
        var survey = Enumerable.Range(0, rows).Select(i => new Dictionary<string, object> { ["type"] = "text", ["name"] = $"q{i}", ["label"] = "Anything else?" }).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["survey"] = survey,
            ["settings"] = new List<Dictionary<string, object>> { new() { ["form_id"] = "big", ["form_title"] = "Big", ["keyword"] = "BIG" } },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    /// <summary>The same workbook with its first sheet declaring <paramref name="reference"/> as its dimension.</summary>
    private static byte[] Declaring(byte[] xlsx, string reference)
    {
        using var copy = new MemoryStream();
        copy.Write(xlsx);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            xml = Regex.IsMatch(xml, "<(\\w+:)?dimension ")
                ? Regex.Replace(xml, "(<(?:\\w+:)?dimension ref=\")[^\"]*\"", $"${{1}}{reference}\"")
                : Regex.Replace(xml, "(<(\\w+:)?sheetData)", $"<$2dimension ref=\"{reference}\"/>$1");
            var name = entry.FullName;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }
        return copy.ToArray();
    }

    [Fact]
    public void Read_RefusesASheetThatDeclaresMoreRowsThanASurveyHas_BeforeReadingIt()
    {
        var result = XlsFormReader.Read(new MemoryStream(Declaring(SurveySheet(3), "A1:C300000")));

        Assert.False(result.Succeeded);
        Assert.Contains("300,000 rows", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Read_StopsAtTheRowLimit_WhenASheetHasMoreRowsThanItDeclares()
    {
        var result = XlsFormReader.Read(new MemoryStream(Declaring(SurveySheet(XlsFormSize.MaxRows + 10), "A1:C3")));

        Assert.False(result.Succeeded);
        Assert.Contains($"more than {XlsFormSize.MaxRows:N0} rows", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Read_RefusesAWorkbookThatUnpacksToMoreThanTheLimit()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 21; i++) part.Write(zeros);
        }

        var result = XlsFormReader.Read(new MemoryStream(stream.ToArray()));

        Assert.False(result.Succeeded);
        Assert.Contains("unpacks to 21 MB", Assert.Single(result.Errors).Message);
    }
}
