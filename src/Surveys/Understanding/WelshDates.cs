using System.Globalization;
using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The Welsh dates people text: "yfory", "heddiw", "ddoe", "dydd Mawrth", "dydd Mawrth nesaf",
/// "dydd Llun diwethaf", "14 Mawrth", "14 o Fawrth 2027", "Mawrth 14". The recognizer only
/// knows English, and the Welsh hint itself offers "dydd Mawrth nesaf" as an example, so it must
/// be understood.
/// </summary>
internal static partial class WelshDates
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["llun"] = DayOfWeek.Monday, ["mawrth"] = DayOfWeek.Tuesday, ["mercher"] = DayOfWeek.Wednesday,
        ["iau"] = DayOfWeek.Thursday, ["gwener"] = DayOfWeek.Friday, ["sadwrn"] = DayOfWeek.Saturday,
        ["sul"] = DayOfWeek.Sunday,
    };

    // Month names with their soft-mutated forms (after "o": "14 o Fawrth").
    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["ionawr"] = 1, ["chwefror"] = 2, ["mawrth"] = 3, ["fawrth"] = 3, ["ebrill"] = 4, ["mai"] = 5, ["fai"] = 5,
        ["mehefin"] = 6, ["fehefin"] = 6, ["gorffennaf"] = 7, ["orffennaf"] = 7, ["awst"] = 8, ["medi"] = 9,
        ["fedi"] = 9, ["hydref"] = 10, ["tachwedd"] = 11, ["dachwedd"] = 11, ["rhagfyr"] = 12,
    };

    /// <summary>Adds the Welsh dates found in <paramref name="text"/> to <paramref name="found"/>; returns the text with them blanked.</summary>
    public static string Read(string text, DateReader.Found found)
    {
        // Weekdays first: "dydd Mawrth" is Tuesday, while "14 Mawrth" is March.
        text = Weekday().Replace(text, m =>
        {
            var weekday = Days[m.Groups["day"].Value];
            var when = m.Groups["next"].Success ? "next" : m.Groups["last"].Success ? "last" : "";
            found.Weekday(weekday, when, "");
            return new string(' ', m.Length);
        });
        text = DayMonth().Replace(text, m =>
        {
            if (!Months.TryGetValue(m.Groups["month"].Value, out var month)) return m.Value;
            found.Named(int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), month, m.Groups["y"].Success ? m.Groups["y"].Value : null);
            return new string(' ', m.Length);
        });
        text = MonthDay().Replace(text, m =>
        {
            if (!Months.TryGetValue(m.Groups["month"].Value, out var month)) return m.Value;
            found.Named(int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), month, m.Groups["y"].Success ? m.Groups["y"].Value : null);
            return new string(' ', m.Length);
        });
        text = Relative().Replace(text, m =>
        {
            found.Add(m.Value switch
            {
                "heddiw" or "heno" => found.Today,
                "yfory" or "fory" => found.Today.AddDays(1),
                "drennydd" => found.Today.AddDays(2),
                "ddoe" => found.Today.AddDays(-1),
                _ => found.Today.AddDays(-2), // echdoe, the day before yesterday
            });
            return new string(' ', m.Length);
        });
        return text;
    }

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:af|ail|ydd|edd|fed|ed|eg|ain)?\s+(?:o\s+)?(?<month>[a-z]+)(?:\s+(?<y>\d{4}))?\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?<month>ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)\s+(?<d>\d{1,2})(?:af|ail|ydd|edd|fed|ed|eg|ain)?(?:\s+(?<y>\d{4}))?\b")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?:dydd|ddydd|nos)\s+(?<day>llun|mawrth|mercher|iau|gwener|sadwrn|sul)(?:(?<next>\s+(?:nesaf|nesa'?|sy'?\s?n dod|sydd yn dod))|(?<last>\s+(?:diwethaf|dwetha|diwetha|dwethaf)))?\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:heddiw|heno|yfory|fory|drennydd|ddoe|echdoe)\b")]
    private static partial Regex Relative();
}
