using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// Reads the XLSForm expressions we support (a constraint as a range, range parameters, decimals,
/// a relevant rule as skip logic), each refused with a plain reason when it is one we do not.
/// </summary>
internal static partial class XlsFormRules
{
    public static (int? Min, int? Max, string? Problem) Range(string constraint)
    {
        if (constraint.Length == 0) return (null, null, null);
        int? min = null, max = null;
        foreach (var part in AndSplit().Split(constraint))
        {
            var m = Bound().Match(part);
            if (!m.Success)
                return (null, null, $"the constraint '{constraint}' is not one we support: write a range like . >= 0 and . <= 60");
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            switch (m.Groups[1].Value)
            {
                case ">=": min = n; break;
                case ">": min = n + 1; break;
                case "<=": max = n; break;
                case "<": max = n - 1; break;
            }
        }
        return (min, max, null);
    }

    public static (int Places, string? Problem) Decimals(string parameters)
    {
        var setting = parameters.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("decimals", StringComparison.OrdinalIgnoreCase));
        if (setting is null) return (2, null);
        return int.TryParse(setting[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= QuestionReader.MaxDecimals
            ? (n, null)
            : (0, $"decimals must be from 1 to {QuestionReader.MaxDecimals} (it is '{setting[1].Trim()}')");
    }

    public static (int Start, int End, string? Problem) Parameters(string parameters)
    {
        var values = parameters.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        int Get(string key, int fallback) => values.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        if (values.TryGetValue("step", out var step) && step != "1")
            return (0, 0, $"a range must go up in steps of 1 (step is {step}), so every point can be texted or pressed");
        if (!values.ContainsKey("start") || !values.ContainsKey("end"))
            return (0, 0, "a range needs its ends in the parameters column, for example start=1 end=5");
        return (Get("start", 1), Get("end", 5), null);
    }

    public static (SkipCondition? Condition, string? Problem) Relevant(string relevant)
    {
        string? question = null;
        var values = new List<string>();
        foreach (var part in OrSplit().Split(relevant))
        {
            var m = Equals().Match(part);
            if (!m.Success) m = Selected().Match(part);
            if (!m.Success || (question is not null && question != m.Groups[1].Value))
                return (null, $"the relevant rule '{relevant}' is not one we support: write ${{question}} = 'answer', joined with or for more answers of the same question");
            question = m.Groups[1].Value;
            values.Add(m.Groups[2].Value);
        }
        return (new SkipCondition(question!, values), null);
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"\s+or\s+", RegexOptions.IgnoreCase)]
    private static partial Regex OrSplit();

    [GeneratedRegex(@"^\s*\.\s*(>=|<=|>|<)\s*(-?\d+)\s*$")]
    private static partial Regex Bound();

    [GeneratedRegex(@"^\s*\$\{([\w-]+)\}\s*=\s*'([^']*)'\s*$")]
    private static partial Regex Equals();

    [GeneratedRegex(@"^\s*selected\(\s*\$\{([\w-]+)\}\s*,\s*'([^']*)'\s*\)\s*$")]
    private static partial Regex Selected();
}
