using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>
/// The menus a caller or chat visitor chooses from, where there is no keyword to text: which
/// language, which survey (or "would you like to do ...?" when only one is open).
/// </summary>
internal static class Menus
{
    public static void OfferSurveys(Turn turn)
    {
        var published = turn.Catalog?.Published ?? [];
        if (published.Count == 0)
        {
            turn.Say(turn.Phrases.NothingToStart);
            return;
        }
        OfferMenu(turn, new MenuState(MenuKind.Survey, published.Select(p => p.Definition.Id).ToList()));
    }

    public static void OfferMenu(Turn turn, MenuState menu)
    {
        turn.State = turn.State with { Menu = menu };
        var phrases = turn.Phrases;
        if (menu.Kind == MenuKind.Language)
        {
            // Each language offered in its own words, so the prompt has no one language: "en" is only its label.
            turn.Reply(new Prompt(PromptKind.Question, Phrases.ChooseLanguage(menu.Options), "en")
            {
                Input = new InputSpec(QuestionType.Choice)
                {
                    Choices = menu.Options.Select((l, i) => new PromptChoice(Key(i), Phrases.For(l).Name)).ToList(),
                    ReadChoicesAloud = false,
                },
            });
            return;
        }

        var surveys = menu.Options.Select(turn.PublishedById).OfType<PublishedSurvey>().ToList();
        if (surveys.Count == 1)
        {
            turn.AskYesNo(phrases.StartSurveyQuestion(surveys[0].Definition.TitleIn(turn.Language)), null);
            return;
        }
        turn.Reply(new Prompt(PromptKind.Question, phrases.ChooseSurvey, turn.Language)
        {
            Input = new InputSpec(QuestionType.Choice)
            {
                Choices = surveys.Select((p, i) => new PromptChoice(Key(i), p.Definition.TitleIn(turn.Language))).ToList(),
            },
        });
    }

    /// <summary>
    /// The languages to ask about on a call: those the published surveys are written in and the
    /// service has a phrase file for, in the phrase files' order (English, Welsh, then others).
    /// </summary>
    public static IReadOnlyList<string> OfferedLanguages(Turn turn)
    {
        var languages = (turn.Catalog?.Published ?? []).SelectMany(p => p.Definition.Languages).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return Phrases.All.Select(p => p.Language).Where(l => languages.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The reply to a menu: a key, a title, a language's name, or yes/no to the only survey.</summary>
    public static void Choose(Turn turn, MenuState menu, string reply)
    {
        string? chosen = null;
        if (menu.Kind == MenuKind.Survey && menu.Options.Count == 1)
        {
            switch (turn.YesNo(reply))
            {
                case "yes": chosen = menu.Options[0]; break;
                case "no":
                    turn.State = turn.State with { Menu = null };
                    turn.Say(turn.Phrases.NotNow);
                    return;
            }
        }
        else
        {
            var labels = menu.Options.Select(o => Labels(turn, menu.Kind, o)).ToList();
            var probe = new Question
            {
                Id = "menu",
                Type = QuestionType.Choice,
                Wording = Wording.Plain(""),
                Options = menu.Options.Select((o, i) => new ChoiceOption(o, LocalizedText.Of(labels[i][0]), labels[i])).ToList(),
            };
            if (AnswerReader.Read(probe, reply, turn.Language, turn.Today) is AnswerResult.Understood u) chosen = u.Value;
        }

        if (chosen is null)
        {
            OfferMenu(turn, menu);
            return;
        }

        turn.State = turn.State with { Menu = null };
        if (menu.Kind == MenuKind.Language)
        {
            turn.State = turn.State with { Language = chosen };
            turn.Add(new LanguageChanged(chosen));
            Greetings.InLanguage(turn);
            return;
        }
        if (turn.PublishedById(chosen) is { } survey)
        {
            Progress.StartSurvey(turn, survey, null, invitationId: null);
        }
    }

    /// <summary>The words that choose one option: the first is its label, the rest are other ways of saying it.</summary>
    private static string[] Labels(Turn turn, MenuKind kind, string option)
    {
        if (kind == MenuKind.Language)
        {
            return [.. Phrases.For(option).MenuWords];
        }
        var survey = turn.PublishedById(option)?.Definition;
        return [survey is not null ? survey.TitleIn(turn.Language) : option, .. (survey?.Titles?.ByLanguage.Values ?? [])];
    }

    private static string Key(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
