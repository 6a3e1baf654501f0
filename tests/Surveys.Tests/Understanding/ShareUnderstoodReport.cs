using System.Globalization;
using System.Text;
using CoProduction.Surveys.Understanding;
using Xunit.Abstractions;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>
/// Reads every reply in the answer tables and reports, per question type, how many were stored
/// straight away, how many asked "Did you mean ...?", and how many were asked again. Written to the
/// test output and to understanding-report.txt next to the test assembly, so each run shows the
/// share understood. Run it alone with
/// <c>dotnet test tests/Surveys.Tests --filter ShareUnderstoodReport --logger "console;verbosity=detailed"</c>.
/// </summary>
public class ShareUnderstoodReport(ITestOutputHelper output)
{
    /// <summary>The answer tables and the question each row is asked against when it names none.</summary>
    public static readonly (string File, string Question)[] AnswerTables =
    [
        ("scale.tsv", "happy"), ("number.tsv", "visits"), ("number-scripts.tsv", "visits"), ("number-formats.tsv", "visits"),
        ("yesno.tsv", "safe"), ("yesno-languages.tsv", "safe"), ("choice.tsv", "matters"), ("choice-symbols.tsv", "matters"),
        ("date.tsv", "when"), ("date-formats.tsv", "when"), ("text.tsv", "change"),
    ];

    [Fact]
    public void Report_ShowsTheShareUnderstoodPerQuestionType_AndNoReplyStoredAsAValueItDoesNotHold()
    {
        var byType = new SortedDictionary<string, (int Rows, int Stored, int Confirmed, int Unclear, int Wrong, int Answerable)>();
        var wrong = new List<string>();
        foreach (var (file, defaultQuestion) in AnswerTables)
        {
            foreach (var row in ReplyTable.Load(file, defaultQuestion, "en"))
            {
                var (reply, expected, questionName, language, where) = ((string)row[0], (string)row[1], (string)row[2], (string)row[3], (string)row[4]);
                var question = SampleQuestions.Get(questionName);
                var result = AnswerReader.Read(question, reply, language, SampleQuestions.Today);
                var type = question.Type.ToString();
                var c = byType.GetValueOrDefault(type);
                c.Rows++;
                if (expected != ReplyTable.Unclear) c.Answerable++;
                switch (result)
                {
                    case AnswerResult.Understood u:
                        c.Stored++;
                        if (u.Value != expected) { c.Wrong++; wrong.Add($"{where}: '{reply}' stored as {u.Value}, table says {expected}"); }
                        break;
                    case AnswerResult.Confirm:
                        c.Confirmed++;
                        break;
                    default:
                        c.Unclear++;
                        break;
                }
                byType[type] = c;
            }
        }

        var report = new StringBuilder();
        report.AppendLine("Share of table replies understood, per question type (stored at once / asked to confirm / asked again).");
        report.AppendLine("'answerable' counts the replies that hold one answer; the rest must be asked again (\"3 or 4\", \"maybe\").");
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"type",-8} {"replies",8} {"stored",8} {"confirm",8} {"unclear",8} {"understood",11} {"answerable",11} {"of those",9} {"wrong",6}"));
        foreach (var (type, c) in byType.Append(new("all", Total(byType.Values))))
        {
            var understood = c.Rows == 0 ? 0 : 100.0 * (c.Stored + c.Confirmed) / c.Rows;
            var ofAnswerable = c.Answerable == 0 ? 0 : 100.0 * (c.Stored + c.Confirmed) / c.Answerable;
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{type,-8} {c.Rows,8} {c.Stored,8} {c.Confirmed,8} {c.Unclear,8} {understood,10:F1}% {c.Answerable,11} {ofAnswerable,8:F1}% {c.Wrong,6}"));
        }
        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "understanding-report.txt"), report.ToString());

        // The corpus is a corpus, not a handful; and nothing in it is stored as a value it does not hold.
        Assert.True(byType.Values.Sum(c => c.Rows) >= 2000, $"only {byType.Values.Sum(c => c.Rows)} replies in the tables");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static (int, int, int, int, int, int) Total(IEnumerable<(int Rows, int Stored, int Confirmed, int Unclear, int Wrong, int Answerable)> all) =>
        (all.Sum(c => c.Rows), all.Sum(c => c.Stored), all.Sum(c => c.Confirmed), all.Sum(c => c.Unclear), all.Sum(c => c.Wrong), all.Sum(c => c.Answerable));
}
