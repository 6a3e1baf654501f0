using System.Diagnostics;
using System.Globalization;
using System.Text;
using CoProduction.Bench;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

// How long each answer reader takes, warm, for replies up to an SMS's 160 characters, and for
// pathological replies (very long, repeated digits, mixed scripts). Targets: under 1 ms per
// ordinary reply, never over 10 ms. Figures are printed, never asserted.
// Usage: dotnet run -c Release --project bench/Understanding.Bench [-- repliesPerAnswerForm]; --help prints the options.
var commandLine = BenchCommandLine.Read(args, """
    How long each answer reader takes, warm, for replies up to an SMS's 160 characters and for pathological replies
    (very long, repeated digits, mixed scripts). Figures are printed, never asserted.
      dotnet run -c Release --project bench/Understanding.Bench [-- repliesPerAnswerForm]
    """, [], [BenchOption.Whole("replies", "REPLIES", "replies timed for each form of answer (default 500)")]);
if (commandLine.Exit is { } exit) return exit;
var perReader = commandLine.Whole("replies", 500);
var today = new DateOnly(2026, 11, 26);
static LocalizedText T(string en) => LocalizedText.Of(en);

// Each reader with the answers people send, each placed inside a sentence of about 160 characters.
var questions = new (string Name, Question Question, Func<Random, string>[] Answers)[]
{
    ("scale", new Question { Id = "happy", Type = QuestionType.Scale, Wording = Wording.Plain("How happy?"), Min = 1, Max = 5,
        Labels = new Dictionary<int, LocalizedText> { [1] = T("Very unhappy"), [5] = T("Very happy") } },
        [_ => "4", _ => "four", _ => "4 out of 5", _ => "four out of five", _ => "very happy", _ => "٤", _ => "৪"]),
    ("number", new Question { Id = "visits", Type = QuestionType.Number, Wording = Wording.Plain("How many?"), Min = 0, Max = 100_000, Decimals = 1 },
        [r => r.Next(0, 60).ToString(CultureInfo.InvariantCulture), _ => "twenty one", _ => "12,500", _ => "72.5kg", _ => "٣٬٠٠٠", _ => "a dozen", _ => "nothing"]),
    ("yesno", new Question { Id = "safe", Type = QuestionType.YesNo, Wording = Wording.Plain("Safe?") },
        [_ => "yes", _ => "tak", _ => "haan ji", _ => "نعم", _ => "হ্যাঁ", _ => "nope", _ => "nie"]),
    ("choice", new Question { Id = "matters", Type = QuestionType.Choice, Wording = Wording.Plain("What matters?"), Options =
        [new ChoiceOption("friends", T("Friends and family"), ["friends", "family"]), new ChoiceOption("work", T("Work or volunteering"), ["job"]),
         new ChoiceOption("health", T("My health"), ["health"]), new ChoiceOption("home", T("Somewhere good to live"), ["home", "flat"])] },
        [_ => "the second one", _ => "2", _ => "٢", _ => "friends and family", _ => "the last one"]),
    ("date", new Question { Id = "when", Type = QuestionType.Date, Wording = Wording.Plain("When?") },
        [r => $"{r.Next(13, 29)}/{r.Next(1, 13)}", _ => "next tuesday", _ => "14 March 2027", _ => "2027-03-14T10:00:00+01:00", _ => "tomorrow",
         _ => "in 2 weeks", _ => "14\\3\\27", _ => "christmas day", _ => "the first monday of december"]),
    ("text", new Question { Id = "change", Type = QuestionType.Text, Wording = Wording.Plain("What should change?"), MaxLength = 500 },
        [_ => "more evening visits"]),
};

// Replies a person may send that no reader should spend long on: at the longest length read
// (AnswerReader.MaxAnswerLength, 480) and far beyond it.
var max = AnswerReader.MaxAnswerLength;
var pathological = new (string Name, string Reply)[]
{
    ($"{max} ones", new string('1', max)),
    ($"{max / 2} x '1,'", string.Concat(Enumerable.Repeat("1,", max / 2))),
    ($"{max / 4} x '1/2 '", string.Concat(Enumerable.Repeat("1/2 ", max / 4))),
    ($"{max / 2} x '1 '", string.Concat(Enumerable.Repeat("1 ", max / 2))),
    ($"mixed-script digits {max}", string.Concat(Enumerable.Range(0, max).Select(i => char.ConvertFromUtf32(new[] { 0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xFF10 }[i % 7] + i % 10)))),
    ($"mixed scripts and words {max}", string.Concat(Enumerable.Repeat("tak ٣ haan ৪ nahin ४ next tuesday ", 20))[..max]),
    ($"number words {max}", string.Concat(Enumerable.Repeat("one two ", 60))[..max]),
    ($"date words {max}", string.Concat(Enumerable.Repeat("next tuesday 14/3 ", 30))[..max]),
    ($"emoji {max}", string.Concat(Enumerable.Repeat("😀👍", max / 4))),
    ($"prose {max}", string.Concat(Enumerable.Repeat("I saw her three times last month and it was fine really. ", 10))[..max]),
    ("1,600 ones", new string('1', 1600)),
    ("10,000 nines", new string('9', 10_000)),
    ("800 x '1,'", string.Concat(Enumerable.Repeat("1,", 800))),
    ("400 x '1/2 '", string.Concat(Enumerable.Repeat("1/2 ", 400))),
    ("mixed-script digits 1,600", string.Concat(Enumerable.Range(0, 1600).Select(i => char.ConvertFromUtf32(new[] { 0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xFF10 }[i % 7] + i % 10)))),
    ("mixed scripts and words 1,600", string.Concat(Enumerable.Repeat("tak ٣ haan ৪ nahin ४ next tuesday ", 50))[..1600]),
    ("number words x 300", string.Concat(Enumerable.Repeat("one two ", 300))),
    ("date words x 200", string.Concat(Enumerable.Repeat("next tuesday 14/3 ", 200))),
    ("emoji x 800", string.Concat(Enumerable.Repeat("😀👍", 800))),
    ("10,000 letters", new string('a', 10_000)),
    ("SMS maximum, prose", string.Concat(Enumerable.Repeat("I saw her three times last month and it was fine really. ", 30))[..1600]),
};

// Build the models and JIT every path before measuring.
foreach (var (_, q, answers) in questions)
    foreach (var answer in answers)
        for (var i = 0; i < 20; i++) AnswerReader.Read(q, Sentence(new Random(i), answer(new Random(i))), "en", today);

Console.WriteLine($"Answer readers, warm, {perReader} different replies per answer form, each about 160 characters (ms per reply)");
Console.WriteLine("wall: elapsed time, which on a busy shared machine includes time given to other work;");
Console.WriteLine("cpu: this process's CPU time for the whole run divided by the replies (includes the garbage collector).");
Console.WriteLine($"{"reader",-7} {"answer inside the sentence",-30} {"wall p50",9} {"wall p99",9} {"cpu/reply",10}");
var worstCpu = new Dictionary<string, double>();
foreach (var (name, q, answers) in questions)
{
    foreach (var answer in answers)
    {
        var random = new Random(42);
        // Different replies each time: the recognizer caches results by text, and people rarely repeat one.
        var replies = Enumerable.Range(0, perReader).Select(_ => Sentence(random, answer(random))).ToArray();
        var times = new double[replies.Length];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < replies.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            AnswerReader.Read(q, replies[i], "en", today);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var cpuPerReply = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / replies.Length;
        worstCpu[name] = Math.Max(worstCpu.GetValueOrDefault(name), cpuPerReply);
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-7} {answer(new Random(1)),-30} {times[times.Length / 2],9:F3} {times[(int)(times.Length * 0.99)],9:F3} {cpuPerReply,10:F3}"));
    }
}
Console.WriteLine("Slowest answer form per reader, cpu ms per reply: " + string.Join(", ", worstCpu.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F3}"))));

Console.WriteLine();
Console.WriteLine("Pathological replies, every reader: the slowest first read (wall ms), and the slowest reader's cpu ms per read over 20 more");
Console.WriteLine($"{"reply",-32} {"length",7} {"first wall",10} {"cpu/read",10}  slowest reader");
foreach (var (name, reply) in pathological)
{
    double first = 0, cpuWorst = 0;
    var slowest = "";
    foreach (var (qName, q, _) in questions)
    {
        var start = Stopwatch.GetTimestamp();
        AnswerReader.Read(q, reply, "en", today);
        first = Math.Max(first, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < 20; i++) AnswerReader.Read(q, reply, "en", today);
        var perRead = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 20;
        if (perRead > cpuWorst) { cpuWorst = perRead; slowest = qName; }
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} {reply.Length,7} {first,10:F3} {cpuWorst,10:F3}  {slowest}"));
}

return 0;

// The answer inside a sentence padded to about 160 characters with words that carry no answer.
static string Sentence(Random r, string answer)
{
    string[] words = ["well", "i", "think", "honestly", "really", "the", "support", "has", "been", "good", "lately", "thanks", "for", "asking", "x"];
    var sb = new StringBuilder();
    var at = r.Next(0, 10);
    for (var i = 0; sb.Length < 150 - answer.Length; i++)
    {
        if (i == at) sb.Append(answer).Append(' ');
        sb.Append(words[r.Next(words.Length)]).Append(' ');
    }
    if (!sb.ToString().Contains(answer, StringComparison.Ordinal)) sb.Append(answer);
    return sb.ToString().Trim();
}
