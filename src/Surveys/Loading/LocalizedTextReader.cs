using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Reads any wording field: a plain string (the survey's first language) or a group per language,
/// <c>{ en: ..., cy: ... }</c>. Every language of the survey must be there: <see cref="LocalizedText.Get"/>
/// falls back to English, so a missing Welsh line would silently reach a Welsh speaker in English.
/// </summary>
internal static class LocalizedTextReader
{
    /// <param name="label">How the message names the thing, for example "the question text".</param>
    public static LocalizedText? Read(YamlNode node, string field, string label, ParseContext context)
    {
        switch (node)
        {
            case YamlScalar scalar:
            {
                if (scalar.IsNull || scalar.Value.Trim().Length == 0)
                {
                    context.Error(node, field, $"{label} is empty: write the words after the ':'");
                    return null;
                }
                if (context.Languages.Count > 1)
                {
                    var others = string.Join(", ", context.Languages.Skip(1).Select(LanguageNames.Describe));
                    context.Error(node, field,
                        $"{label} is only in {LanguageNames.Describe(context.DefaultLanguage)}, but this survey is also in {others}: " +
                        $"write it as {Example(context)}");
                    return null;
                }
                return new LocalizedText(new Dictionary<string, string> { [context.DefaultLanguage] = scalar.Value.Trim() });
            }
            case YamlMap map:
            {
                var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var ok = true;
                foreach (var (key, value) in map.Entries.Select(e => (e.Key, e.Value)))
                {
                    var language = key.Value.Trim().ToLowerInvariant();
                    var languageField = $"{field}.{key.Value}";
                    if (!context.Languages.Contains(language) && value is YamlScalar { IsNull: true } && key.Value.Trim().Contains(' '))
                    {
                        // "{ en: Work, learning or volunteering }": the comma ended the text early.
                        context.Error(key, field,
                            $"'{key.Value.Trim()}' looks like the end of a text that was cut off at a comma: inside {{ }} put any text with a comma in quotes, for example {{ en: \"Work, learning\" }}");
                        ok = false;
                        continue;
                    }
                    if (!context.Languages.Contains(language))
                    {
                        context.Error(key, languageField,
                            $"'{key.Value}' is not one of this survey's languages ({string.Join(", ", context.Languages)}): " +
                            $"add it to languages at the top of the file, or remove this line{Suggestions.DidYouMean(key.Value, context.Languages)}");
                        ok = false;
                        continue;
                    }
                    if (value is not YamlScalar text || text.IsNull || text.Value.Trim().Length == 0)
                    {
                        context.Error(value, languageField,
                            $"the {LanguageNames.Describe(language)} {StripArticle(label)} is empty: write the words after '{key.Value}:'");
                        ok = false;
                        continue;
                    }
                    texts[language] = text.Value.Trim();
                }
                foreach (var language in context.Languages.Where(l => !map.Entries.Any(e => string.Equals(e.Key.Value.Trim(), l, StringComparison.OrdinalIgnoreCase))))
                {
                    context.Error(map, field,
                        $"the {LanguageNames.Describe(language)} {StripArticle(label)} is missing: add a line '{language}: ...'");
                    ok = false;
                }
                return ok ? new LocalizedText(texts) : null;
            }
            default:
                context.Error(node, field, $"{label} should be words, or words per language like {Example(context)}, not {node.Describe()}");
                return null;
        }
    }

    private static string Example(ParseContext context) =>
        "{ " + string.Join(", ", context.Languages.Select(l => $"{l}: ...")) + " }";

    private static string StripArticle(string label) => label.StartsWith("the ", StringComparison.Ordinal) ? label[4..] : label;
}
