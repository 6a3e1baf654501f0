using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Catalog;

/// <summary>
/// A snapshot of the catalog as it was at one moment, for the engine. Immutable, so every
/// turn sees one consistent set of published surveys.
/// </summary>
internal sealed class StoreSurveyCatalog(
    IReadOnlyList<StoreSurveyCatalog.Entry> versions,
    SurveyDefinitionCache definitions) : ISurveyCatalog
{
    /// <param name="Published">Whether this is the survey's currently published version.</param>
    internal sealed record Entry(
        string SurveyId, int Version, string Title, string Keyword,
        IReadOnlyDictionary<string, string> KeywordsByLanguage, string Yaml, bool Published);

    private readonly Dictionary<(string, int), Entry> _byVersion = versions.ToDictionary(v => (v.SurveyId, v.Version));
    private readonly List<Entry> _published = versions.Where(v => v.Published).OrderBy(v => v.Title, StringComparer.OrdinalIgnoreCase).ToList();

    // Each published survey with its keyword and its language keywords, in _published's order.
    private (Entry Entry, string[] Keywords)[] _keywords => field ??= [.. _published.Select(v => (v, (string[])[v.Keyword, .. v.KeywordsByLanguage.Values]))];

    public PublishedSurvey? FindByKeyword(string word)
    {
        var trimmed = word.Trim();
        // An empty keyword means "sent only by invitation", never "matches an empty text".
        if (trimmed.Length == 0) return null;
        // Asked on every turn the engine reads (SurveyEngine.Handle): a loop over the keywords listed
        // once per snapshot, not LINQ, so that a turn makes no closure, delegates or boxed enumerators
        // here (eighteenth round). The first published survey, in title order, whose keyword or one of
        // whose language keywords is the word, in any case.
        foreach (var (entry, keywords) in _keywords)
        {
            foreach (var keyword in keywords)
            {
                if (string.Equals(keyword, trimmed, StringComparison.OrdinalIgnoreCase)) return Load(entry);
            }
        }
        return null;
    }

    public PublishedSurvey? Find(string surveyId, int version) =>
        _byVersion.TryGetValue((surveyId, version), out var entry) ? Load(entry) : null;

    public string? SuggestedKeyword => _published.FirstOrDefault(v => v.Keyword.Length > 0)?.Keyword;

    public IReadOnlyList<PublishedSurvey> Published => _published.Select(Load).ToList();

    private PublishedSurvey Load(Entry entry) =>
        new(definitions.Get(entry.SurveyId, entry.Version, entry.Yaml), entry.Version);
}
