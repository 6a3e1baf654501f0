using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// Plays the person's side of a transcript (see <see cref="TranscriptTests"/>) through the engine:
/// every line comes back with the turn it made, if it made one, so a test can check what came
/// back ("&lt;" and "=" lines) or compare whole runs.
/// </summary>
public static class TranscriptPlayer
{
    /// <param name="Result">The turn this line made ("&gt;", "?", ".", "~"), else null.</param>
    public sealed record Step(int LineNumber, char Op, string Arg, string Line, TurnResult? Result, Channel Channel);

    public static string[] Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Engine", "Transcripts", name + ".txt"));

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public static IEnumerable<Step> Play(string name, SurveyEngine engine, FakeTimeProvider clock)
    {
        var lines = Lines(name);
        var catalog = new TestSurveys.Catalog(TestSurveys.Demo);
        var state = ConversationState.New;
        var channel = Channel.Sms;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            var (op, arg) = (line[0], line.Length > 1 ? line[1..].Trim() : "");
            TurnResult? result = null;
            switch (op)
            {
                case 'c' when line.StartsWith("channel:", StringComparison.Ordinal):
                    Assert.True(ChannelNames.TryParse(line["channel:".Length..].Trim(), out channel), $"{name}:{i + 1}");
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
                    result = op switch
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
                    break;
                case '@':
                    clock.Advance(ParseSpan(arg));
                    break;
            }
            yield return new Step(i + 1, op, arg, line, result, channel);
        }
    }

    private static Greeting ParseGreeting(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("greet", words[0]);
        string? Value(string key) => words.FirstOrDefault(w => w.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        return new Greeting(Value("survey"), Value("language"), words.Contains("ask-language"));
    }

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
