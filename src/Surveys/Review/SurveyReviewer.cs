using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;

namespace CoProduction.Surveys.Review;

/// <summary>One question's wording in one language, as each channel really delivers it, with the checks.</summary>
public sealed record QuestionWordingReview(string QuestionId, string Language, IReadOnlyList<WordingReport> Wordings);

public sealed record SurveyReview(string SurveyId, IReadOnlyList<QuestionWordingReview> Questions);

/// <summary>
/// Runs the checks on every question, language and channel. Each wording is built the way the
/// engine and renderers build it (<see cref="QuestionPrompts"/>, <see cref="SmsRenderer"/>), so
/// the SMS checks see the reply hint and options people really receive.
/// </summary>
public static class SurveyReviewer
{
    public static SurveyReview Review(SurveyDefinition survey, WordingChecker checker) =>
        new(survey.Id, survey.Questions
            .SelectMany(q => survey.Languages.Select(language => ReviewQuestion(q, language, checker)))
            .ToList());

    public static QuestionWordingReview ReviewQuestion(Question question, string language, WordingChecker checker)
    {
        var reports = new List<WordingReport>();

        var sms = QuestionPrompts.For(question, language, Channel.Sms, easyRead: false);
        reports.Add(checker.Check(SmsSegments.Plain(SmsRenderer.RenderOne(sms)), WordingKind.Sms, language, sms.Text));

        var voice = QuestionPrompts.For(question, language, Channel.Voice, easyRead: false);
        reports.Add(checker.Check(Spoken(voice), WordingKind.Voice, language, voice.Text));

        var chat = QuestionPrompts.For(question, language, Channel.Web, easyRead: false);
        reports.Add(checker.Check(chat.Text, WordingKind.Chat, language));

        if (question.Wording.EasyRead is { } easy && easy.Has(language))
        {
            reports.Add(checker.Check(easy.Get(language), WordingKind.EasyRead, language));
        }
        else
        {
            reports.Add(new WordingReport(WordingKind.EasyRead, language, "", 0, 0, 0, 0,
                [new WordingFinding("missing-easy-read", "There is no easy-read wording in this language yet.")]));
        }
        return new QuestionWordingReview(question.Id, language, reports);
    }

    /// <summary>
    /// What a caller hears: the wording, then the choices read out with their keys (as the voice
    /// channel does), so the time to hear it counts the whole prompt.
    /// </summary>
    public static string Spoken(Prompt prompt)
    {
        var choices = prompt.Input?.Choices ?? [];
        if (choices.Count == 0 || choices.All(c => c.Label == c.Reply)) return prompt.Text;
        var keyed = choices.Take(9).Select((c, i) => $"{(i == 0 ? "Press" : "press")} {i + 1} for {c.Label.Trim().TrimEnd('.')}");
        return $"{prompt.Text} {string.Join(", ", keyed)}, or say your answer.";
    }
}
