using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// The words that work at any point, whatever was asked: STOP, START, HELP, a language's name,
/// and on a keypad * (AGAIN) and 0 (SKIP). AGAIN and SKIP themselves act on the current question
/// (see <see cref="Answering"/>).
/// </summary>
internal static class Commands
{
    private const string StopKeyword = "STOP";
    private const string StartKeyword = "START";


    public static void Stop(Turn turn, string? keyword)
    {
        if (turn.OpenSession() is { } open)
        {
            turn.EndSession(open, SessionStatus.Stopped);
        }
        var alreadyOut = turn.State.OptedOut;
        turn.State = turn.State with { OptedOut = true };
        turn.Add(new OptedOut(keyword ?? StopKeyword));
        // One confirmation is allowed (carriers expect it); a second STOP gets silence.
        turn.State = turn.State with { Menu = null };
        if (!alreadyOut) turn.Say(turn.Can.TextsFromOwnPhone ? turn.Phrases.Stopped : turn.Phrases.StoppedSpoken);
    }

    /// <summary>Someone who opted out sent something: nothing is sent back, except the way back in and help.</summary>
    public static void WhileOptedOut(Turn turn, CommandMatch match)
    {
        if (match.Command == Command.Start && CanOptBackInHere(turn))
        {
            turn.State = turn.State with { OptedOut = false };
            turn.Add(new OptedIn(match.Keyword ?? StartKeyword));
            if (turn.Can.TextsFromOwnPhone)
            {
                turn.Say(turn.Phrases.Restarted(turn.Keyword()));
            }
            else
            {
                turn.Say(turn.Phrases.WelcomeBackSpoken);
                Menus.OfferSurveys(turn);
            }
        }
        else if (!turn.Can.TextsFromOwnPhone)
        {
            // A caller or chat visitor reached us themselves: say how to come back, by text.
            turn.Say(turn.Phrases.OptedOutElsewhere);
        }
        else if (match.Command == Command.Help)
        {
            turn.Say(turn.Phrases.AlreadyOptedOut);
        }
    }

    /// <summary>
    /// Only a text can lift an opt-out: a STOP is the phone owner's, and caller ID can be
    /// spoofed, so a call never can; nor can a chat opened from an invitation link (anyone
    /// holding the link could open it). A chat visitor we hold no phone for can, because the
    /// chat is the only way we ever reach them.
    /// </summary>
    private static bool CanOptBackInHere(Turn turn) =>
        turn.Can.TextsFromOwnPhone || (turn.Can.OptsBackInWithoutPhone && !turn.State.PhoneOnRecord);

    public static void Help(Turn turn)
    {
        turn.Say(turn.Phrases.Help(turn.Keyword()));
        if (turn.OpenSession() is { } s && s.Status == SessionStatus.Active) turn.AskCurrent(s);
    }

    /// <summary>START from someone who never stopped: say how to begin.</summary>
    public static void StartWithoutStop(Turn turn) => turn.Say(turn.Phrases.Restarted(turn.Keyword()));

    /// <summary>
    /// A language's name sent on its own switches to it. The words are in each language's phrase
    /// file rather than the survey file, so they work before any survey has started.
    /// </summary>
    public static string? LanguageWord(string text)
    {
        var word = Turn.NormalizeKeyword(text);
        foreach (var phrases in Phrases.All)
        {
            foreach (var name in phrases.LanguageWords)
            {
                if (string.Equals(name, word, StringComparison.OrdinalIgnoreCase)) return phrases.Language;
            }
        }
        return null;
    }

    /// <summary>A language's name: remember it, and carry on in it where we were.</summary>
    public static void ChangeLanguage(Turn turn, string language)
    {
        turn.State = turn.State with { Language = language };
        turn.Add(new LanguageChanged(language));
        if (turn.OpenSession() is { } s && turn.Survey(s) is { } survey)
        {
            s = s with { Language = survey.LanguageFor(language), LastActivityAt = turn.Now };
            turn.State = turn.State with { Session = s };
            if (s.Status == SessionStatus.Active) turn.AskCurrent(s);
            else Answering.OfferCarryOn(turn, s, survey);
            return;
        }
        turn.Say(turn.Phrases.Unknown(turn.Keyword()));
    }

    /// <summary>Keypad conventions on a call: * hears the question again, 0 skips an optional one.</summary>
    public static Command? KeyCommand(Turn turn, string text)
    {
        if (!turn.Can.HasKeypad) return null;
        if (text == "*") return Command.Repeat;
        if (text == "0" && turn.OpenSession() is { } s && turn.Survey(s) is { } survey && s.QuestionIndex < survey.Questions.Count)
        {
            var q = survey.Questions[s.QuestionIndex];
            // 0 is a real answer to "how many visits": it only skips where it could not be one.
            var zeroIsAnswer = q.Type is QuestionType.Number or QuestionType.Scale && (q.Min ?? 0) <= 0;
            if (!zeroIsAnswer) return Command.Skip;
        }
        return null;
    }
}
