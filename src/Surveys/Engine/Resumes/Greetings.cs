namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// A conversation the person did not start with a text (a call picked up, a chat opened): carry
/// on an unfinished survey, start the invited or named one, ask the language, or offer the menu.
/// </summary>
internal static class Greetings
{
    public static void Greet(Turn turn, Greeting greeting)
    {
        if (turn.State.OptedOut)
        {
            // Following an invitation link or picking up a call never opts anyone back in.
            turn.Say(turn.Can.TextsFromOwnPhone ? turn.Phrases.AlreadyOptedOut : turn.Phrases.OptedOutElsewhere);
            return;
        }
        turn.ExpireIfStale();
        if (greeting.Language is { } chosen && !string.Equals(chosen, turn.State.Language, StringComparison.OrdinalIgnoreCase))
        {
            turn.State = turn.State with { Language = chosen.ToLowerInvariant() };
            turn.Add(new LanguageChanged(chosen.ToLowerInvariant()));
            // A survey under way carries on in the newly chosen language.
            if (turn.OpenSession() is { } open && turn.Survey(open) is { } openSurvey)
            {
                turn.State = turn.State with { Session = open with { Language = openSurvey.LanguageFor(chosen) } };
            }
        }

        if (greeting.Invitation is { } invited && turn.Catalog?.Find(invited.SurveyId, invited.Version) is { } invitedSurvey)
        {
            CarryOnOrStart(turn, invitedSurvey, open => open.InvitationId == invited.InvitationId, invited.InvitationId);
            return;
        }

        if (greeting.SurveyId is { } surveyId && turn.PublishedById(surveyId) is { } named)
        {
            CarryOnOrStart(turn, named, open => open.SurveyId == surveyId, invitationId: null);
            return;
        }

        if (greeting.AskLanguage && turn.State.Language is null && Menus.OfferedLanguages(turn) is { Count: > 1 } languages)
        {
            Menus.OfferMenu(turn, new MenuState(MenuKind.Language, languages));
            return;
        }
        InLanguage(turn);
    }

    /// <summary>Once the language is known: carry on where they were, or offer the surveys.</summary>
    public static void InLanguage(Turn turn)
    {
        if (turn.OpenSession() is { } open && turn.Survey(open) is { } survey)
        {
            Answering.OfferCarryOn(turn, open, survey);
            return;
        }
        Menus.OfferSurveys(turn);
    }

    private static void CarryOnOrStart(Turn turn, PublishedSurvey survey, Func<SessionState, bool> isThisOne, Guid? invitationId)
    {
        if (turn.OpenSession() is { } open && isThisOne(open) && turn.Survey(open) is { } openSurvey)
        {
            Answering.OfferCarryOn(turn, open, openSurvey);
            return;
        }
        Progress.StartSurvey(turn, survey, null, invitationId);
    }
}
