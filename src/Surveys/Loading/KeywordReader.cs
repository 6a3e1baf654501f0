using CoProduction.Surveys.Understanding;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Reads <c>keyword: CHECKIN</c> or <c>keyword: { en: CHECKIN, cy: GWIRIO }</c>. The first language's
/// keyword becomes <see cref="Definitions.SurveyDefinition.Keyword"/>; the others start the survey in
/// their own language.
/// </summary>
internal static class KeywordReader
{
    /// <summary>
    /// Words the service answers itself (the STOP family and every other command word, from
    /// CommandWords.txt, and the yes/no answers): a survey keyword equal to one would never reach the survey.
    /// </summary>
    private static bool IsReserved(string word) =>
        CommandReader.IsReserved(word) || word.Equals("YES", StringComparison.OrdinalIgnoreCase) || word.Equals("NO", StringComparison.OrdinalIgnoreCase);

    public const int MaxLength = 20;

    public static (string? Keyword, IReadOnlyDictionary<string, string> ByLanguage) Read(YamlNode node, ParseContext context)
    {
        var byLanguage = new Dictionary<string, string>();
        switch (node)
        {
            case YamlScalar:
                return (Check(node, "keyword", context), byLanguage);
            case YamlMap map:
            {
                string? main = null;
                var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in map.Entries)
                {
                    var language = entry.Key.Value.Trim().ToLowerInvariant();
                    var field = $"keyword.{entry.Key.Value}";
                    if (!context.Languages.Contains(language))
                    {
                        context.Error(entry.Key, field,
                            $"'{entry.Key.Value}' is not one of this survey's languages ({string.Join(", ", context.Languages)}): add it to languages, or remove this keyword");
                        continue;
                    }
                    if (Check(entry.Value, field, context) is not { } keyword) continue;
                    if (seen.TryGetValue(keyword, out var other))
                    {
                        context.Error(entry.Value, field, $"the keyword {keyword} is also the {other} keyword: give each language its own word, or keep just one");
                        continue;
                    }
                    seen[keyword] = language;
                    if (language == context.DefaultLanguage) main = keyword;
                    else byLanguage[language] = keyword;
                }
                if (main is null && !map.Entries.Any(e => e.Key.Value.Trim().Equals(context.DefaultLanguage, StringComparison.OrdinalIgnoreCase)))
                    context.Error(map, "keyword",
                        $"the keyword for the main language, {LanguageNames.Describe(context.DefaultLanguage)}, is missing: add {context.DefaultLanguage}: followed by the word");
                return (main, byLanguage);
            }
            default:
                context.Error(node, "keyword", "keyword should be one word, for example keyword: CHECKIN, or one per language: keyword: { en: CHECKIN, cy: GWIRIO }");
                return (null, byLanguage);
        }
    }

    private static string? Check(YamlNode node, string field, ParseContext context)
    {
        var word = context.Scalar(node, field, "keyword: CHECKIN");
        if (word is null) return null;
        var upper = word.ToUpperInvariant();
        if (upper.Length > MaxLength || !upper.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9'))
        {
            context.Error(node, field,
                $"the keyword '{word}' must be one word of up to {MaxLength} plain letters A to Z or digits (no spaces, accents or symbols), so it is easy to text from any phone");
            return null;
        }
        if (IsReserved(upper))
        {
            context.Error(node, field, $"{upper} cannot be a survey keyword: the service already uses it (for stop, start, help and answers), so choose another word");
            return null;
        }
        return upper;
    }
}
