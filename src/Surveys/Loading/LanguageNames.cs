namespace CoProduction.Surveys.Loading;

/// <summary>Names for language codes in messages ("the Welsh (cy) text is missing"), so authors need not know codes.</summary>
internal static class LanguageNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["cy"] = "Welsh", ["gd"] = "Scottish Gaelic", ["ga"] = "Irish",
        ["pl"] = "Polish", ["ur"] = "Urdu", ["pa"] = "Punjabi", ["bn"] = "Bengali", ["gu"] = "Gujarati",
        ["ar"] = "Arabic", ["so"] = "Somali", ["ro"] = "Romanian", ["pt"] = "Portuguese", ["es"] = "Spanish",
        ["fr"] = "French", ["de"] = "German", ["it"] = "Italian", ["lt"] = "Lithuanian", ["zh"] = "Chinese",
        ["ta"] = "Tamil", ["tr"] = "Turkish", ["uk"] = "Ukrainian", ["fa"] = "Persian", ["ps"] = "Pashto",
    };

    public static string Describe(string code) =>
        Names.TryGetValue(code, out var name) ? $"{name} ({code})" : $"'{code}'";
}
