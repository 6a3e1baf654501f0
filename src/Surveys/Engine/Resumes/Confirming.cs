using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// The reply to "I heard: ... Is that right?" or "Did you mean ...?": an answer waiting to be
/// confirmed is kept on yes, asked again on no, and taken as the answer said again otherwise.
/// </summary>
internal static class Confirming
{
    public static void Heard(Turn turn, SessionState session, SurveyDefinition survey, Question question, string heard, string reply)
    {
        var raw = session.HeardReply ?? heard;
        var ifNot = session.HeardIfNot;
        session = turn.Touch(session with { HeardText = null, HeardReply = null, HeardIfNot = null });
        switch (turn.YesNo(reply))
        {
            case "yes":
                Progress.Answered(turn, session, survey, question, raw, heard);
                return;
            case "no" when ifNot is null:
                turn.Say(turn.Phrases.SayItAgain);
                turn.AskCurrent(session);
                return;
            case "no" when session.Unclear < turn.Options.MaxReasks:
                // The reading was wrong: ask again, saying how to write it so it cannot be misread.
                session = session with { Unclear = session.Unclear + 1 };
                turn.State = turn.State with { Session = session };
                turn.Hint(ifNot);
                turn.AskCurrent(session);
                return;
            case "no":
                Progress.MoveOn(turn, session, survey, question, raw, AnswerStatus.Unclear, turn.Phrases.StillUnclear);
                return;
            default:
                // Not a yes or no: take it as the answer said again.
                Answering.Continue(turn, session, reply, Command.None);
                return;
        }
    }
}
