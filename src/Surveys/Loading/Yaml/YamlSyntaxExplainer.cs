using YamlDotNet.Core;

namespace CoProduction.Surveys.Loading.Yaml;

/// <summary>
/// Says in plain English what is wrong when the text is not valid YAML at all. YamlDotNet's own
/// messages ("found invalid mapping") mean little to a peer researcher, so the common causes are
/// named with a fix; the original wording is kept at the end for whoever has to dig deeper.
/// </summary>
internal static class YamlSyntaxExplainer
{
    public static SurveyFileError Explain(Exception ex, string text, int lastLine, int? openFlowLine)
    {
        var lines = text.Split('\n');
        var tabLine = FirstTabIndentedLine(lines);
        if (tabLine is not null)
            return new SurveyFileError(tabLine.Value, "file", TabMessage);

        var line = ex is YamlException yaml && yaml.Start.Line > 0 ? (int)yaml.Start.Line : lastLine;
        var detail = ex.Message;

        if (openFlowLine is not null && (ex is not YamlException || detail.Contains("flow", StringComparison.OrdinalIgnoreCase)))
            return new SurveyFileError(openFlowLine.Value, "file",
                "a list or group opened with '[' or '{' on this line is never closed: add the matching ']' or '}'");

        if (detail.Contains("quoted scalar", StringComparison.OrdinalIgnoreCase))
            return new SurveyFileError(line, "file",
                $"a quote opened on this line is never closed: add the closing quote mark ({Details(detail)})");

        if (detail.Contains("invalid mapping", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase))
            return new SurveyFileError(line, "file",
                "this line has a second ': ' in it, or is indented differently from the lines above it: " +
                "put any text that contains ': ' in quotes (text: \"Note: ...\"), and start fields that belong together in the same column " +
                $"({Details(detail)})");

        if (detail.Contains("did not find expected", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("indentation", StringComparison.OrdinalIgnoreCase))
            return new SurveyFileError(line, "file",
                "the indenting is off around this line: fields that belong together must start in the same column, " +
                $"and list items start with '- ' lined up under each other ({Details(detail)})");

        return new SurveyFileError(line, "file",
            $"this line cannot be read as YAML: check the indenting, quotes and brackets ({Details(detail)})");
    }

    public const string TabMessage =
        "this line is indented with a tab character: survey files must be indented with spaces only (set your editor to insert spaces)";

    /// <summary>Tabs used for indenting are the commonest YAML mistake and YamlDotNet reports them on the wrong line.</summary>
    public static int? FirstTabIndentedLine(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var c in lines[i])
            {
                if (c == '\t') return i + 1;
                if (c != ' ' && c != '-') break;
            }
        }
        return null;
    }

    private static string Details(string message) => "details: " + message.TrimEnd('.');
}
