using System.Runtime.CompilerServices;
using System.Text;

namespace CoProduction.Scheduling.People;

/// <summary>
/// A small RFC 4180 reader (commas, double quotes, "" inside quotes, line breaks inside quotes)
/// that knows each record's first line number, which the import's error messages need. It reads
/// the text a block at a time and hands out one record at a time, so a file of a million people
/// is never held whole (and an upload is read asynchronously, as ASP.NET Core requires).
/// </summary>
internal static class CsvLines
{
    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>Thrown for a quote left open at the end of the file.</summary>
    public sealed class UnclosedQuoteException(int line) : Exception($"A quote opened on line {line} is never closed.")
    {
        public int Line { get; } = line;
    }

    /// <summary>For text already in memory (tests, small files).</summary>
    public static IEnumerable<Record> Read(TextReader reader) => ReadAsync(reader, default).ToBlockingEnumerable();

    public static async IAsyncEnumerable<Record> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new char[32 * 1024];
        int pos = 0, length = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        // Whether the field so far is only spaces: a quote may open a field only then. Kept as we
        // go, because re-reading the field at every quote made a long field with many quotes quadratic.
        var fieldBlank = true;
        while (true)
        {
            if (pos == length)
            {
                length = await reader.ReadAsync(buffer.AsMemory(), ct);
                pos = 0;
                if (length == 0) break;
            }
            var ch = buffer[pos++];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    // The next character decides: "" is a quote inside the field, anything else ends it.
                    if (pos == length)
                    {
                        length = await reader.ReadAsync(buffer.AsMemory(), ct);
                        pos = 0;
                    }
                    if (pos < length && buffer[pos] == '"') { pos++; field.Append('"'); fieldBlank = false; }
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
                    if (fieldBlank && !char.IsWhiteSpace(ch)) fieldBlank = false;
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
