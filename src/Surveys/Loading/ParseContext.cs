using System.Globalization;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// What every reader of a survey file shares: the errors found so far and the survey's languages.
/// Readers never stop at the first problem; they record it and carry on so the author sees every
/// mistake in one go.
/// </summary>
internal sealed class ParseContext
{
    private readonly List<SurveyFileError> _errors = [];

    public IReadOnlyList<SurveyFileError> Errors => _errors;

    /// <summary>The survey's languages; the first is the one a plain string is written in.</summary>
    public IReadOnlyList<string> Languages { get; set; } = ["en"];

    public string DefaultLanguage => Languages[0];

    public void Error(YamlNode node, string field, string message) => _errors.Add(new SurveyFileError(node.Line, field, message));

    public void Error(int line, string field, string message) => _errors.Add(new SurveyFileError(line, field, message));

    /// <summary>A plain value, or null (with an error) when the node is a list or group.</summary>
    public string? Scalar(YamlNode node, string field, string example)
    {
        if (node is YamlScalar scalar)
        {
            if (!scalar.IsNull) return scalar.Value.Trim();
            Error(node, field, $"{LastPart(field)} is empty: write a value after the ':', for example {example}");
            return null;
        }
        Error(node, field, $"{LastPart(field)} should be a single value, not {node.Describe()}, for example {example}");
        return null;
    }

    public int? WholeNumber(YamlNode node, string field)
    {
        var text = Scalar(node, field, $"{LastPart(field)}: 5");
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        Error(node, field, $"{LastPart(field)} must be a whole number (it is '{text}')");
        return null;
    }

    public bool? Bool(YamlNode node, string field)
    {
        var text = Scalar(node, field, $"{LastPart(field)}: true");
        if (text is null) return null;
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes": return true;
            case "false" or "no": return false;
            default:
                Error(node, field, $"{LastPart(field)} must be true or false (it is '{text}')");
                return null;
        }
    }

    /// <summary>The last name in a path: "questions[2] (happy).max" -> "max".</summary>
    public static string LastPart(string field)
    {
        var dot = field.LastIndexOf('.');
        return dot >= 0 ? field[(dot + 1)..] : field;
    }
}
