using System.Globalization;
using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The Welsh dates people text: "yfory", "heddiw", "dydd Mawrth", "dydd Mawrth nesaf",
/// "14 Mawrth", "14 o Fawrth". The recognizer only knows English, and the Welsh hint itself
/// offers "dydd Mawrth nesaf" as an example, so it must be understood.
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

    /// <summary>Adds the Welsh dates found in <paramref name="text"/> to <paramref name="days"/>; returns the text with them blanked.
    /// <paramref name="invalid"/> is set when one names no real day.</summary>
    public static string Read(string text, DateOnly today, HashSet<DateOnly> days, out bool invalid)
    {
        var bad = false;
        text = DayMonth().Replace(text, m =>
        {
            if (!Months.TryGetValue(m.Groups["month"].Value, out var month)) return m.Value;
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (DateReader.NextOnOrAfter(today, month, day) is { } date) days.Add(date); else bad = true; // 31 Chwefror
            return new string(' ', m.Length);
        });
        text = Weekday().Replace(text, m =>
        {
            var weekday = Days[m.Groups["day"].Value];
            days.Add(m.Groups["next"].Success ? InNextWeek(today, weekday) : DateReader.NextWeekday(today, weekday));
            return new string(' ', m.Length);
        });
        text = Relative().Replace(text, m =>
        {
            days.Add(m.Value switch
            {
                "heddiw" => today,
                "yfory" => today.AddDays(1),
                "drennydd" => today.AddDays(2),
                _ => today.AddDays(1), // "fory", short for yfory
            });
            return new string(' ', m.Length);
        });
        invalid = bad;
        return text;
    }

    // "nesaf" as the English recognizer reads "next": that day in next week (weeks start on Monday),
    // so "next Friday" and "dydd Gwener nesaf" agree.
    private static DateOnly InNextWeek(DateOnly today, DayOfWeek weekday)
    {
        static int Iso(DayOfWeek d) => d == DayOfWeek.Sunday ? 7 : (int)d;
        var nextMonday = today.AddDays(8 - Iso(today.DayOfWeek));
        return nextMonday.AddDays(Iso(weekday) - 1);
    }

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:af|ail|ydd|edd|fed|ed|eg|ain)?\s+(?:o\s+)?(?<month>[a-z]+)\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:dydd|ddydd|nos)\s+(?<day>llun|mawrth|mercher|iau|gwener|sadwrn|sul)(?<next>\s+(?:nesaf|nesa|nesa'|sy'n dod))?\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:heddiw|yfory|fory|drennydd)\b")]
    private static partial Regex Relative();
}
