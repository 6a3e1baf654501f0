using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Review;

/// <summary>Which wording of a question a proposal replaces.</summary>
public enum WordingVariant
{
    Text,
    EasyRead,
    Sms,
    Voice,
    Web,
}

public static class WordingVariants
{
    public static string ToName(this WordingVariant v) => v switch
    {
        WordingVariant.Text => "text",
        WordingVariant.EasyRead => "easy-read",
        WordingVariant.Sms => "sms",
        WordingVariant.Voice => "voice",
        WordingVariant.Web => "web",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static bool TryParse(string? name, out WordingVariant variant)
    {
        switch (name?.Trim().ToLowerInvariant().Replace('_', '-'))
        {
            case null or "" or "text": variant = WordingVariant.Text; return true;
            case "easy-read" or "easyread": variant = WordingVariant.EasyRead; return true;
            case "sms": variant = WordingVariant.Sms; return true;
            case "voice": variant = WordingVariant.Voice; return true;
            case "web" or "chat": variant = WordingVariant.Web; return true;
            default: variant = default; return false;
        }
    }

    /// <summary>The wording a variant currently has (falls back as the engine does), or null.</summary>
    public static string? Current(Question question, string language, WordingVariant variant) => variant switch
    {
        WordingVariant.Text => question.Wording.Text.Has(language) ? question.Wording.Text.Get(language) : null,
        WordingVariant.EasyRead => question.Wording.EasyRead is { } e && e.Has(language) ? e.Get(language) : null,
        _ => question.Wording.PerChannel.TryGetValue(Channel(variant), out var t) && t.Has(language) ? t.Get(language) : null,
    };

    internal static Channel Channel(WordingVariant v) => v switch
    {
        WordingVariant.Sms => Definitions.Channel.Sms,
        WordingVariant.Voice => Definitions.Channel.Voice,
        _ => Definitions.Channel.Web,
    };
}

/// <summary>Applies an accepted wording to a survey, giving the next version's definition.</summary>
public static class WordingEdit
{
    public static SurveyDefinition Apply(SurveyDefinition survey, string questionId, string language, WordingVariant variant, string text)
    {
        var questions = survey.Questions.Select(q => q.Id != questionId ? q : q with { Wording = Apply(q.Wording, language, variant, text.Trim()) }).ToList();
        if (questions.SequenceEqual(survey.Questions)) throw new ArgumentException($"No question '{questionId}'.", nameof(questionId));
        return survey with { Questions = questions };
    }

    private static Wording Apply(Wording wording, string language, WordingVariant variant, string text)
    {
        switch (variant)
        {
            case WordingVariant.Text:
                return wording with { Text = With(wording.Text, language, text) };
            case WordingVariant.EasyRead:
                return wording with { EasyRead = With(wording.EasyRead ?? wording.Text, language, text) };
            default:
                var channel = WordingVariants.Channel(variant);
                var perChannel = new Dictionary<Channel, LocalizedText>(wording.PerChannel);
                // A channel wording must exist in every language; until the others are written,
                // they keep the main text.
                var start = perChannel.TryGetValue(channel, out var existing) ? existing : wording.Text;
                perChannel[channel] = With(start, language, text);
                return wording with { PerChannel = perChannel };
        }
    }

    private static LocalizedText With(LocalizedText? text, string language, string value)
    {
        var map = new Dictionary<string, string>(text?.ByLanguage ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase) { [language] = value };
        return new LocalizedText(map);
    }
}
