using System.Text;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>
/// Reads a reply table (Tables/*.tsv): one test case per line, tab-separated
/// <c>reply  expected  [question]  [language]</c>. Lines starting with '#' and blank lines are
/// notes. In the reply, <c>&lt;empty&gt;</c> is the empty string and <c>\s</c>, <c>\t</c>, <c>\n</c>
/// are a space, tab and new line (so leading and trailing spaces survive editors).
/// Expected is the stored value, UNCLEAR, or <c>CONFIRM value</c> when the person is asked
/// "Did you mean ...?" before the value is stored.
/// </summary>
public static class ReplyTable
{
    public const string Unclear = "UNCLEAR";
    public const string Confirm = "CONFIRM ";

    public static IEnumerable<object[]> Load(string file, string defaultQuestion, string defaultLanguage)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Understanding", "Tables", file);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#') || line.Trim().Length == 0) continue;
            var cells = line.Split('\t');
            if (cells.Length < 2)
                throw new InvalidDataException($"{file} line {lineNumber}: expected 'reply<TAB>expected', got '{line}'");
            var reply = Unescape(cells[0]);
            var expected = cells[1].Trim();
            var question = cells.Length > 2 && cells[2].Trim().Length > 0 ? cells[2].Trim() : defaultQuestion;
            var language = cells.Length > 3 && cells[3].Trim().Length > 0 ? cells[3].Trim() : defaultLanguage;
            yield return [reply, expected, question, language, $"{file}:{lineNumber}"];
        }
    }

    private static string Unescape(string cell)
    {
        if (cell == "<empty>") return "";
        return cell.Replace("\\s", " ").Replace("\\t", "\t").Replace("\\n", "\n");
    }
}
