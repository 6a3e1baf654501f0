using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// A reply inside an open session: carry on after a break or not, AGAIN, SKIP, or an answer to
/// the current question (kept, checked first, asked again, or left unclear and moved past).
/// </summary>
internal static class Answering
{
    public static void Continue(Turn turn, SessionState session, string reply, Command command, double? confidence = null)
    {
        var survey = turn.Survey(session);
        if (survey is null)
        {
            // The version it began on is gone (should not happen: versions are frozen).
            turn.EndSession(session, SessionStatus.Abandoned);
            turn.Say(turn.Phrases.Unknown(turn.Keyword()));
            return;
        }

        if (session.Status == SessionStatus.AwaitingCarryOn)
        {
            CarryOnOrNot(turn, session, survey, reply);
            return;
        }

        var question = survey.Questions[session.QuestionIndex];

        if (session.HeardText is { } heard)
        {
            Confirming.Heard(turn, session, survey, question, heard, reply);
            return;
        }

        var afterBreak = turn.Now - session.LastActivityAt > turn.Options.CarryOnOfferAfter;

        if (session.Pilot && IsConfusingFlag(reply))
        {
            // Piloting a draft: "confusing" marks the question for the board's review.
            turn.Add(new QuestionFlagged(session.Id, session.SurveyId, session.Version, question.Id));
            session = turn.Touch(session);
            turn.Say(turn.Phrases.FlagNoted);
            turn.AskCurrent(session);
            return;
        }

        switch (command)
        {
            case Command.Repeat:
                turn.AskCurrent(turn.Touch(session));
                return;
            case Command.Skip when question.Optional:
                Progress.MoveOn(turn, session, survey, question, reply, AnswerStatus.Skipped, turn.Phrases.MovingOn);
                return;
            case Command.Skip:
                turn.Hint(turn.Phrases.SkipNotAllowed);
                turn.AskCurrent(turn.Touch(session));
                return;
        }

        if (turn.Can.HasKeypad && question.Type == QuestionType.Date && reply.Length is 3 or 4 && reply.All(char.IsAsciiDigit))
        {
            // Day and month on the keypad: 1403 is 14/03, 703 is 7/03.
            reply = $"{reply[..^2]}/{reply[^2..]}";
        }

        switch (AnswerReader.Read(question, reply, session.Language, turn.Today))
        {
            case AnswerResult.Understood understood when question.Type == QuestionType.Text && confidence < SurveyEngine.ReadBackBelowConfidence:
                // Speech recognition was unsure: read it back rather than keep words the person never said.
                turn.Touch(session with { HeardText = understood.Value, HeardReply = reply, HeardIfNot = null });
                turn.AskYesNo(turn.Phrases.HeardThis(understood.Value), question.Id);
                return;

            case AnswerResult.Confirm confirm:
                // One likely reading that could have meant another: asked, never guessed.
                turn.Touch(session with { HeardText = confirm.Value, HeardReply = reply, HeardIfNot = confirm.IfNot });
                turn.AskYesNo(confirm.Question, question.Id);
                return;

            case AnswerResult.Understood understood:
                Progress.Answered(turn, session, survey, question, reply, understood.Value);
                return;

            case AnswerResult.Unclear when afterBreak:
                // After a long silence a reply that is not an answer is most likely "hello
                // again", not a wrong answer: ask whether to carry on rather than scold.
                OfferCarryOn(turn, session, survey);
                return;

            case AnswerResult.Unclear unclear when session.Unclear < turn.Options.MaxReasks:
                session = turn.Touch(session with { Unclear = session.Unclear + 1 });
                turn.Hint(ChannelHints.For(question, unclear.Hint, turn.Phrases, turn.Can.HintWording));
                turn.AskCurrent(session);
                return;

            default:
                Progress.MoveOn(turn, session, survey, question, reply, AnswerStatus.Unclear, turn.Phrases.StillUnclear);
                return;
        }
    }

    public static void OfferCarryOn(Turn turn, SessionState session, SurveyDefinition survey)
    {
        turn.Touch(session with { Status = SessionStatus.AwaitingCarryOn });
        var title = survey.TitleIn(turn.Language);
        turn.AskYesNo(turn.Can.CanOfferMenu ? turn.Phrases.CarryOnQuestion(title) : turn.Phrases.CarryOnOffer(title), null);
    }

    /// <summary>The reply to "carry on?": yes picks up the question, no starts afresh, anything else asks again.</summary>
    private static void CarryOnOrNot(Turn turn, SessionState session, SurveyDefinition survey, string reply)
    {
        switch (turn.YesNo(reply))
        {
            case "yes":
                turn.AskCurrent(turn.Touch(session with { Status = SessionStatus.Active }));
                return;
            case "no":
                turn.EndSession(session, SessionStatus.Abandoned);
                Progress.StartSurvey(turn, new PublishedSurvey(survey, session.Version), null, session.InvitationId);
                return;
            default:
                OfferCarryOn(turn, session, survey);
                return;
        }
    }

    /// <summary>"confusing" in any language the service speaks (a pilot may switch language midway).</summary>
    private static bool IsConfusingFlag(string reply)
    {
        var words = Turn.NormalizeKeyword(reply);
        return Phrases.All.Any(p => p.ConfusingWords.Contains(words, StringComparer.OrdinalIgnoreCase));
    }
}
