using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;

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
        var clock = TranscriptPlayer.Clock();
        var engine = new SurveyEngine(clock, new EngineOptions());

        Queue<string> replies = new();
        Queue<SurveyEvent> events = new();

        void AllAccountedFor(int lineNumber)
        {
            Assert.True(replies.Count == 0, $"{name}:{lineNumber}: unexpected reply: {(replies.Count > 0 ? replies.Peek() : "")}");
            Assert.True(events.Count == 0, $"{name}:{lineNumber}: unexpected event: {(events.Count > 0 ? events.Peek() : "")}");
        }

        var lastLine = 0;
        foreach (var step in TranscriptPlayer.Play(name, engine, clock))
        {
            var (op, arg, where) = (step.Op, step.Arg, $"{name}:{step.LineNumber}");
            lastLine = step.LineNumber;
            if (step.Result is { } result)
            {
                AllAccountedFor(step.LineNumber - 1);
                // One line per prompt, so the file does not depend on which prompts share a text.
                replies = new Queue<string>(result.Replies.Select(p => Render(p, step.Channel)));
                events = new Queue<SurveyEvent>(result.Events);
                continue;
            }
            switch (op)
            {
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
                    break;
                case 'c' when step.Line.StartsWith("channel:", StringComparison.Ordinal):
                case 'l' when step.Line.StartsWith("language:", StringComparison.Ordinal):
                case 'p' when step.Line.StartsWith("phone on record", StringComparison.Ordinal):
                case 'e' when step.Line.StartsWith("easyread", StringComparison.Ordinal):
                    break;
                default:
                    Assert.Fail($"{where}: cannot read this line: {step.Line}");
                    break;
            }
        }
        AllAccountedFor(TranscriptPlayer.Lines(name).Length);
    }

    private static string Render(Prompt prompt, Channel channel) =>
        channel == Channel.Sms || prompt.Input is not { Choices.Count: > 0 } input
            ? SmsRenderer.RenderOne(prompt)
            : $"{prompt.Text} [{string.Join(" | ", input.Choices.Select(c => c.Label))}]";

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
}
