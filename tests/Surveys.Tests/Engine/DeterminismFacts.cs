using System.Text.Json;
using CoProduction.Surveys.Engine;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// The engine is a function of state and input: with the clock and the ids injected, the same
/// transcript played twice gives the same replies, events and saved state, ids included.
/// </summary>
public sealed class DeterminismFacts
{
    public static TheoryData<string> Transcripts() => TranscriptTests.Transcripts();

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void SameTranscriptTwice_GivesIdenticalTurns_IdsIncluded(string name)
    {
        var first = Run(name, new SequentialIds());
        var second = Run(name, new SequentialIds());

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void SessionIds_ComeFromTheInjectedSource()
    {
        var clock = TranscriptPlayer.Clock();
        var engine = new SurveyEngine(clock, new EngineOptions(), new SequentialIds());

        var turns = TranscriptPlayer.Play("12-restart-with-keyword", engine, clock).Select(s => s.Result).OfType<TurnResult>().ToList();

        var started = turns.SelectMany(t => t.Events).OfType<SessionStarted>().Select(s => s.SessionId).ToList();
        Assert.Equal([new Guid("00000000-0000-0000-0000-000000000001"), new Guid("00000000-0000-0000-0000-000000000002")], started);
    }

    [Fact]
    public void RandomIds_DifferBetweenRuns_EvenOnTheSameClock_SoTheTestAboveCouldFail()
    {
        Assert.NotEqual(Run("01-whole-survey-english", new RandomIds(TranscriptPlayer.Clock())), Run("01-whole-survey-english", new RandomIds(TranscriptPlayer.Clock())));
    }

    /// <summary>Every turn of the transcript as JSON: state, replies and events (each as its own type).</summary>
    private static List<string> Run(string name, IIdGenerator ids)
    {
        var clock = TranscriptPlayer.Clock();
        var engine = new SurveyEngine(clock, new EngineOptions(), ids);
        return TranscriptPlayer.Play(name, engine, clock)
            .Select(s => s.Result)
            .OfType<TurnResult>()
            .Select(r => JsonSerializer.Serialize(new
            {
                r.State,
                r.Replies,
                Events = r.Events.Select(e => new { Type = e.GetType().Name, Event = (object)e }),
            }))
            .ToList();
    }
}
