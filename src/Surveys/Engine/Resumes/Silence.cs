namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// Nothing said or pressed before the call gave up waiting: ask once more, then move on and
/// record that there was no answer. With no survey open, a menu waiting is offered again.
/// </summary>
internal static class Silence
{
    public static void InSession(Turn turn, SessionState session)
    {
        var survey = turn.Survey(session);
        if (survey is null) return;
        if (session.Status == SessionStatus.AwaitingCarryOn)
        {
            Answering.OfferCarryOn(turn, session, survey);
            return;
        }
        var question = survey.Questions[session.QuestionIndex];
        if (session.Silences < 1)
        {
            session = turn.Touch(session with { Silences = session.Silences + 1, HeardText = null, HeardReply = null, HeardIfNot = null });
            turn.Hint(turn.Phrases.DidNotHear);
            turn.AskCurrent(session);
            return;
        }
        Progress.MoveOn(turn, session, survey, question, "", AnswerStatus.Unclear, turn.Phrases.MovingOn);
    }

    public static void NoSession(Turn turn)
    {
        if (turn.State.Menu is { } pending) Menus.OfferMenu(turn, pending);
    }
}
