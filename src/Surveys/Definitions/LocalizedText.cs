namespace CoProduction.Surveys.Definitions;

/// <summary>
/// One piece of wording in one or more languages ("en", "cy", ...). A survey file may give a
/// plain string, which means English (or the survey's first language).
/// </summary>
public sealed class LocalizedText
{
    private readonly Dictionary<string, string> _byLanguage;

    public LocalizedText(IReadOnlyDictionary<string, string> byLanguage)
    {
        _byLanguage = new Dictionary<string, string>(byLanguage, StringComparer.OrdinalIgnoreCase);
    }

    public static LocalizedText Of(string english) => new(new Dictionary<string, string> { ["en"] = english });

    public IReadOnlyDictionary<string, string> ByLanguage => _byLanguage;

    public IEnumerable<string> Languages => _byLanguage.Keys;

    public bool Has(string language) => _byLanguage.ContainsKey(language);

    /// <summary>The text in <paramref name="language"/>, else English, else whatever there is.</summary>
    public string Get(string language)
    {
        if (_byLanguage.TryGetValue(language, out var text)) return text;
        if (_byLanguage.TryGetValue("en", out text)) return text;
        return _byLanguage.Values.FirstOrDefault() ?? "";
    }

    public override string ToString() => Get("en");
}
