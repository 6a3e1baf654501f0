using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Tests.Understanding;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// Every row of the STOP table, sent while each question of the demo survey is being asked
/// (scale, yes/no, both free-text questions, choice, number, date), on SMS, voice and chat:
/// a stop wish ends the survey and records the standard keyword; an answer never does.
/// </summary>
public sealed class StopMidSurveyFacts
{
    private static readonly Channel[] Channels = [Channel.Sms, Channel.Voice, Channel.Web];

    public static IEnumerable<object[]> Rows => ReplyTable.Load("stop.tsv", "", "");

    [Theory]
    [MemberData(nameof(Rows))]
    public void Reply_StopsAtEveryQuestionType_OnEveryChannel_OnlyWhenItIsAStopWish(string reply, string expected, string question, string language, string row)
    {
        _ = question; _ = language;
        var engine = new SurveyEngine(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)), new EngineOptions());
        var catalog = new TestSurveys.Catalog(TestSurveys.Demo);
        foreach (var channel in Channels)
        {
            for (var index = 0; index < TestSurveys.Demo.Questions.Count; index++)
            {
                var asking = AtQuestion(engine, channel, index);
                var where = $"{row}: '{reply}' on {channel.ToName()} at '{TestSurveys.Demo.Questions[index].Id}' ({TestSurveys.Demo.Questions[index].Type})";

                var result = engine.Handle(asking, new Inbound(reply, channel), catalog);

                var optedOut = result.Events.OfType<OptedOut>().SingleOrDefault();
                if (expected == "ANSWER")
                {
                    Assert.True(optedOut is null, $"{where}: an answer was taken as STOP");
                    Assert.False(result.State.OptedOut, where);
                    continue;
                }
                Assert.True(optedOut is not null, $"{where}: the stop was missed");
                Assert.Equal(expected, optedOut.Keyword);
                Assert.Contains(result.Events, e => e is SessionEnded { Reason: SessionStatus.Stopped });
                Assert.DoesNotContain(result.Events, e => e is AnswerRecorded);
                Assert.True(result.State.OptedOut, where);
            }
        }
    }

    private static ConversationState AtQuestion(SurveyEngine engine, Channel channel, int index)
    {
        var started = engine.Start(ConversationState.New, new PublishedSurvey(TestSurveys.Demo, 1), channel).State;
        return started with { Session = started.Session! with { QuestionIndex = index } };
    }
}
