using System.Text;

namespace CoProduction.Scheduling.People;

/// <summary>
/// A small RFC 4180 reader (commas, double quotes, "" inside quotes, line breaks inside quotes)
/// that knows each record's first line number, which the import's error messages need.
/// </summary>
internal static class CsvLines
{
    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>Thrown for a quote left open at the end of the file.</summary>
    public sealed class UnclosedQuoteException(int line) : Exception($"A quote opened on line {line} is never closed.")
    {
        public int Line { get; } = line;
    }

    public static IEnumerable<Record> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        // Whether the field so far is only spaces: a quote may open a field only then. Kept as we
        // go, because re-reading the field at every quote made a long field with many quotes quadratic.
        var fieldBlank = true;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); fieldBlank = false; }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                    if (!char.IsWhiteSpace(ch)) fieldBlank = false;
                }
                continue;
            }
            switch (ch)
            {
                case '"' when fieldBlank:
                    field.Clear();
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldBlank = true;
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fieldStarted || field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(field.ToString());
                        yield return new Record(recordLine, fields);
                    }
                    else
                    {
                        yield return new Record(recordLine, []);
                    }
                    fields = [];
                    field.Clear();
                    fieldBlank = true;
                    fieldStarted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    if (!char.IsWhiteSpace(ch)) fieldBlank = false;
                    break;
            }
        }
        if (inQuotes) throw new UnclosedQuoteException(recordLine);
        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new Record(recordLine, fields);
        }
    }
}
