using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// The fields of one YAML group, checked against the names allowed there. Unknown names are errors
/// because a typo ('optinal: true') would otherwise be silently ignored and change the survey.
/// </summary>
internal sealed class FieldSet
{
    private readonly Dictionary<string, YamlEntry> _entries = new(StringComparer.Ordinal);

    public FieldSet(YamlMap map, string path, ParseContext context, IReadOnlyList<string> allowed,
        IReadOnlyDictionary<string, string>? hints = null)
    {
        Map = map;
        foreach (var entry in map.Entries)
        {
            var name = entry.Key.Value;
            if (allowed.Contains(name))
            {
                _entries[name] = entry;
                continue;
            }
            var field = Join(path, name);
            if (hints is not null && hints.TryGetValue(name, out var hint))
                context.Error(entry.Key, field, $"unknown field '{name}': {hint}");
            else if (Suggestions.Closest(name, allowed) is { } match)
                context.Error(entry.Key, field, $"unknown field '{name}' -- did you mean '{match}'?");
            else
                context.Error(entry.Key, field, $"unknown field '{name}': the fields allowed here are {string.Join(", ", allowed)}");
        }
    }

    public YamlMap Map { get; }

    public YamlNode? this[string name] => _entries.TryGetValue(name, out var entry) ? entry.Value : null;

    public YamlScalar? KeyOf(string name) => _entries.TryGetValue(name, out var entry) ? entry.Key : null;

    public bool Has(string name) => _entries.ContainsKey(name);

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
