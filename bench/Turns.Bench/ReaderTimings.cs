using System.Diagnostics;
using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Turns.Bench;

/// <summary>
/// The answer readers alone, in a process of their own pinned like the servers: cold (the first
/// reply each reader reads in a fresh process: the JIT and the recognizers' models set up) and
/// warm (the same reader on varied replies afterwards). A turn pays the cold figure once per
/// process, the warm one on every turn.
/// </summary>
public static class ReaderTimings
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static LocalizedText T(string en) => LocalizedText.Of(en);

    private static readonly (string Name, Question Question, string[] Replies)[] Readers =
    [
        ("scale", new Question { Id = "happy", Type = QuestionType.Scale, Wording = Wording.Plain("How happy?"), Min = 1, Max = 5 },
            ["4", "four", "4 out of 5", "very happy", "I'd say a 3 today"]),
        ("number", new Question { Id = "visits", Type = QuestionType.Number, Wording = Wording.Plain("How many?"), Min = 0, Max = 60 },
            ["12", "twenty one", "about 6", "a dozen", "none"]),
        ("yes/no", new Question { Id = "safe", Type = QuestionType.YesNo, Wording = Wording.Plain("Safe?") },
            ["yes", "yes pls", "nope", "not really", "ie"]),
        ("choice", new Question { Id = "matters", Type = QuestionType.Choice, Wording = Wording.Plain("What matters?"), Options =
            [new ChoiceOption("friends", T("Friends and family"), ["friends", "family"]), new ChoiceOption("work", T("Work or volunteering"), ["job"]),
             new ChoiceOption("health", T("My health"), ["health"])] },
            ["2", "the second one", "friends and family", "my health", "job"]),
        ("date", new Question { Id = "when", Type = QuestionType.Date, Wording = Wording.Plain("When?") },
            ["14/3", "next tuesday", "14 March 2027", "tomorrow", "in 2 weeks"]),
        ("text", new Question { Id = "change", Type = QuestionType.Text, Wording = Wording.Plain("What should change?"), MaxLength = 500 },
            ["more evening visits", "the same carer each week please", "nothing", "better food", "more time to talk"]),
    ];

    /// <summary>In the readers' own process: one line per reader, tab-separated (name, cold ms, warm p50 us, warm p99 us).</summary>
    public static void Run(int warmReads)
    {
        foreach (var (name, question, replies) in Readers)
        {
            var cold = Stopwatch.StartNew();
            AnswerReader.Read(question, replies[0], "en", Today);
            cold.Stop();
            var times = new double[warmReads];
            for (var i = 0; i < warmReads; i++)
            {
                // Varied replies: the recognizers cache by text, and people rarely repeat one.
                var reply = $"{replies[i % replies.Length]}{new string(' ', i % 7)}";
                var started = Stopwatch.GetTimestamp();
                AnswerReader.Read(question, reply, "en", Today);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}\t{cold.Elapsed.TotalMilliseconds:0.0}\t{times[warmReads / 2]:0}\t{times[warmReads * 99 / 100]:0}"));
        }
    }

    /// <summary>Runs <see cref="Run"/> in a fresh process pinned to core 0 and prints its table.</summary>
    public static async Task<bool> MeasureAsync(string self, int warmReads)
    {
        var pin = File.Exists("/usr/bin/taskset") && Environment.ProcessorCount > 1;
        var info = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        if (pin) foreach (var a in new[] { "-c", "0", "dotnet" }) info.ArgumentList.Add(a);
        foreach (var a in new[] { self, "--readers", warmReads.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the readers' process.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine($"Answer readers alone, in a fresh process: cold = the first reply (JIT and models), warm = the next {warmReads:N0} varied replies");
        Console.WriteLine($"{"reader",-8} {"cold ms",8} {"warm p50 us",12} {"warm p99 us",12}");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length == 4) Console.WriteLine($"{f[0],-8} {f[1],8} {f[2],12} {f[3],12}");
        }
        Console.WriteLine();
        return process.ExitCode == 0;
    }
}
