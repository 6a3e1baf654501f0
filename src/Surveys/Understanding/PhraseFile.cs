
namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads a phrase file (Understanding/Phrases/&lt;language&gt;.txt): "key: text" lines, "#" comments,
/// "a | b | c" for a list. Every file must say everything English says, so a language can never
/// fall silent halfway through a conversation.
/// </summary>
internal static class PhraseFile
{
    private const string ResourcePrefix = "Phrases.";

    /// <summary>The files built into the service, English first.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> BuiltIn()
    {
        var assembly = typeof(PhraseFile).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
            .OrderBy(n => n == ResourcePrefix + "en.txt" ? 0 : n == ResourcePrefix + "cy.txt" ? 1 : 2)
            .ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return Parse(reader.ReadToEnd(), name);
        }
    }

    public static IReadOnlyDictionary<string, string> Parse(string text, string source)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{source} line {i + 1}: write it as \"key: text\".");
            }
            var key = line[..colon].Trim();
            if (!entries.TryAdd(key, line[(colon + 1)..].Trim()))
            {
                throw new FormatException($"{source} line {i + 1}: '{key}' is there twice.");
            }
        }
        if (!entries.TryGetValue("language", out var language) || language.Length == 0)
        {
            throw new FormatException($"{source}: the file must say which language it is (\"language: cy\").");
        }
        return entries;
    }

    /// <summary>Refuses a file that leaves out something <paramref name="english"/> says.</summary>
    public static void CheckComplete(IReadOnlyDictionary<string, string> entries, IReadOnlyDictionary<string, string> english, string source)
    {
        var missing = english.Keys.Where(k => !entries.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{source}: these lines are missing: {string.Join(", ", missing)}.");
        }
    }

    public static IReadOnlyList<string> List(string value) =>
        value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
