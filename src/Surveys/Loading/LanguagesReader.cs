using System.Text.RegularExpressions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>Reads <c>languages: [en, cy]</c>: language codes, the first being the default and the language of plain strings.</summary>
internal static partial class LanguagesReader
{
    public static IReadOnlyList<string>? Read(YamlNode node, ParseContext context)
    {
        const string field = "languages";
        IReadOnlyList<YamlNode> items = node switch
        {
            YamlList list => list.Items,
            YamlScalar { IsNull: false } => [node],
            _ => [],
        };
        if (items.Count == 0)
        {
            context.Error(node, field, "languages should list language codes, the main one first, for example languages: [en, cy]");
            return null;
        }
        var languages = new List<string>();
        var ok = true;
        foreach (var item in items)
        {
            if (item is not YamlScalar { IsNull: false } scalar || !Code().IsMatch(scalar.Value.Trim()))
            {
                context.Error(item, field,
                    $"{(item is YamlScalar s ? $"'{s.Value}'" : item.Describe())} is not a language code: use short codes such as en (English) or cy (Welsh)");
                ok = false;
                continue;
            }
            var code = scalar.Value.Trim().ToLowerInvariant();
            if (languages.Contains(code))
            {
                context.Error(item, field, $"the language '{code}' is listed twice: list each language once");
                ok = false;
                continue;
            }
            languages.Add(code);
        }
        return ok ? languages : null;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex Code();
}
