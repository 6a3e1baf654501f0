using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// Conversations as data: each file in Transcripts/ is one conversation with the engine.
/// <code>
/// > text          the person sends this (over SMS unless the file says "channel: voice/web")
/// ? 0.4 words     the person says these words, heard with this speech confidence (voice)
/// .               the person says nothing until the call gives up waiting (voice)
/// ~ greet ...     a call or chat opens: "~ greet", "~ greet survey=demo", "~ greet language=cy ask-language"
/// phone on record we hold a phone number for this person (a chat opened from an invitation link)
/// &lt; words        the next prompt contains these words (case-insensitive); on sms as texted,
///                 elsewhere as "text [choice | choice]"
/// = event args    the next recorded event (started, answered Q V, skipped Q, unclear Q,
///                 completed, ended REASON, optedout KEYWORD, optedin, language L)
/// @ 3h            time passes (m, h, d)
/// </code>
/// After each "&gt;" turn every reply and event must be accounted for, so an extra message or a
/// missing answer fails the transcript.
/// </summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Engine", "Transcripts"), "*.txt").Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void Conversation_GoesAsTheTranscriptSays(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Engine", "Transcripts", name + ".txt"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var engine = new SurveyEngine(clock, new EngineOptions());
        var catalog = new TestSurveys.Catalog(TestSurveys.Demo);
        var state = ConversationState.New;
        var channel = Channel.Sms;

        Queue<string> replies = new();
        Queue<SurveyEvent> events = new();

        void AllAccountedFor(int lineNumber)
        {
            Assert.True(replies.Count == 0, $"{name}:{lineNumber}: unexpected reply: {(replies.Count > 0 ? replies.Peek() : "")}");
            Assert.True(events.Count == 0, $"{name}:{lineNumber}: unexpected event: {(events.Count > 0 ? events.Peek() : "")}");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"{name}:{i + 1}";
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            var (op, arg) = (line[0], line.Length > 1 ? line[1..].Trim() : "");
            switch (op)
            {
                case 'c' when line.StartsWith("channel:", StringComparison.Ordinal):
                    Assert.True(ChannelNames.TryParse(line["channel:".Length..].Trim(), out channel), where);
                    break;
                case 'l' when line.StartsWith("language:", StringComparison.Ordinal):
                    state = state with { Language = line["language:".Length..].Trim() };
                    break;
                case 'p' when line.StartsWith("phone on record", StringComparison.Ordinal):
                    state = state with { PhoneOnRecord = true };
                    break;
                case 'e' when line.StartsWith("easyread", StringComparison.Ordinal):
                    state = state with { EasyRead = true };
                    break;
                case '>' or '?' or '.' or '~':
                    AllAccountedFor(i);
                    var result = op switch
                    {
                        '>' => engine.Handle(state, new Inbound(arg, channel), catalog),
                        '?' => engine.Handle(state, new Inbound(arg[(arg.IndexOf(' ') + 1)..], channel)
                        {
                            SpeechConfidence = double.Parse(arg[..arg.IndexOf(' ')], CultureInfo.InvariantCulture),
                        }, catalog),
                        '.' => engine.Handle(state, new Inbound("", channel) { NoInput = true }, catalog),
                        _ => engine.Greet(state, channel, catalog, ParseGreeting(arg)),
                    };
                    state = result.State;
                    // One line per prompt, so the file does not depend on which prompts share a text.
                    replies = new Queue<string>(result.Replies.Select(p => Render(p, channel)));
                    events = new Queue<SurveyEvent>(result.Events);
                    break;
                case '<':
                    Assert.True(replies.Count > 0, $"{where}: expected a reply containing '{arg}', got none");
                    var reply = replies.Dequeue();
                    Assert.True(reply.Contains(arg, StringComparison.OrdinalIgnoreCase), $"{where}: expected a reply containing '{arg}', got '{reply}'");
                    break;
                case '=':
                    Assert.True(events.Count > 0, $"{where}: expected event '{arg}', got none");
                    var ev = events.Dequeue();
                    Assert.True(Describe(ev) == arg, $"{where}: expected event '{arg}', got '{Describe(ev)}'");
                    break;
                case '@':
                    clock.Advance(ParseSpan(arg));
                    break;
                default:
                    Assert.Fail($"{where}: cannot read this line: {line}");
                    break;
            }
        }
        AllAccountedFor(lines.Length);
    }

    private static string Render(Prompt prompt, Channel channel) =>
        channel == Channel.Sms || prompt.Input is not { Choices.Count: > 0 } input
            ? SmsRenderer.RenderOne(prompt)
            : $"{prompt.Text} [{string.Join(" | ", input.Choices.Select(c => c.Label))}]";

    private static Greeting ParseGreeting(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("greet", words[0]);
        string? Value(string key) => words.FirstOrDefault(w => w.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        return new Greeting(Value("survey"), Value("language"), words.Contains("ask-language"));
    }

    private static string Describe(SurveyEvent e) => e switch
    {
        SessionStarted s => $"started {s.SurveyId} {s.Language}",
        AnswerRecorded { Status: AnswerStatus.Answered } a => $"answered {a.QuestionId} {a.Value}",
        AnswerRecorded { Status: AnswerStatus.Skipped } a => $"skipped {a.QuestionId}",
        AnswerRecorded { Status: AnswerStatus.Unclear } a => $"unclear {a.QuestionId}",
        SessionCompleted => "completed",
        SessionEnded end => $"ended {end.Reason}",
        OptedOut o => $"optedout {o.Keyword}",
        OptedIn o => $"optedin {o.Keyword}",
        LanguageChanged l => $"language {l.Language}",
        _ => e.ToString(),
    };

    private static TimeSpan ParseSpan(string text)
    {
        var number = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            'd' => TimeSpan.FromDays(number),
            _ => throw new FormatException($"Time like 3h, 10m or 8d, not '{text}'"),
        };
    }
}
