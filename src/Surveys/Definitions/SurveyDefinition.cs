namespace CoProduction.Surveys.Definitions;

/// <summary>A whole survey as loaded from its YAML file. Immutable: a change makes a new version.</summary>
public sealed record SurveyDefinition
{
    /// <summary>Letters, digits and '-'.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }

    /// <summary>The title in every language the file gives; <see cref="Title"/> is the main language's.</summary>
    public LocalizedText? Titles { get; init; }

    /// <summary>The title to say or show to a person in <paramref name="language"/>.</summary>
    public string TitleIn(string language) => Titles is { } titles && titles.Has(language) ? titles.Get(language) : Title;

    /// <summary>Texting this word (any case) starts the survey. Stored upper case; empty for a survey sent only by invitation.</summary>
    public required string Keyword { get; init; }

    /// <summary>False for a survey sent only by invitation (rounds, check-ins): no word starts it.</summary>
    public bool HasKeyword => Keyword.Length > 0;

    /// <summary>
    /// Extra keywords per language (for example cy: HOLIADUR): texting one starts the survey in
    /// that language. <see cref="Keyword"/> starts it in the person's own or the default language.
    /// </summary>
    public IReadOnlyDictionary<string, string> KeywordsByLanguage { get; init; } = new Dictionary<string, string>();

    /// <summary>Languages the survey is written in; the first is the default.</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    public required LocalizedText Intro { get; init; }
    public required LocalizedText Outro { get; init; }
    public required IReadOnlyList<Question> Questions { get; init; }

    public string DefaultLanguage => Languages.Count > 0 ? Languages[0] : "en";

    /// <summary>When <paramref name="word"/> is one of this survey's keywords: the language it asks for (null = no preference).</summary>
    public bool MatchesKeyword(string word, out string? language)
    {
        language = null;
        if (HasKeyword && string.Equals(word, Keyword, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var (lang, keyword) in KeywordsByLanguage)
        {
            if (string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase))
            {
                language = lang;
                return true;
            }
        }
        return false;
    }

    public Question? FindQuestion(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>The language to use for a person: theirs when the survey has it, else the default.</summary>
    public string LanguageFor(string? preferred) =>
        preferred is not null && Languages.Contains(preferred, StringComparer.OrdinalIgnoreCase)
            ? preferred.ToLowerInvariant()
            : DefaultLanguage;
}
