using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads one calendar day the way people in the UK write it: day first with any separator
/// ("14/3", "14-03-27", "14.03.2027", "14\3", "14 03 2027"), ISO dates and timestamps
/// ("2027-03-14", "2027-03-14T10:00:00.5+01:00"), month names in English and Welsh ("14 March",
/// "14 o Fawrth"), weekdays ("tuesday", "next tuesday", "dydd Mawrth nesaf"), and "tomorrow",
/// "in 2 weeks", "3 days ago", "the 3rd". The question's <see cref="DateDirection"/> says whether
/// a day without a year, a weekday or a two-digit year is the next one or the last one.
/// A reply with two readings far apart ("1/2": 1 February or 2 January; "next Friday" said on a
/// Thursday) is checked with the person rather than guessed. Ranges ("next week", "December"),
/// two different days and exclusions ("any day but monday") stay unclear: a call booked on the
/// wrong day is worse than asking again.
/// </summary>
internal static partial class DateReader
{
    public static AnswerResult Read(Question question, string reply, string language, DateOnly today)
    {
        var phrases = Phrases.For(language);
        var unclear = new AnswerResult.Unclear(phrases.ADate);
        var text = ReplyText.Fold(reply);
        if (text.Length == 0) return unclear;
        text = Shorthand().Replace(text, m => m.Value.StartsWith("2d", StringComparison.Ordinal) ? "today" : "tomorrow");
        if (Exclusion().IsMatch(text) || WeekdayWeek().IsMatch(text) || Repeat().IsMatch(text)) return unclear;
        // "after tomorrow" is the day after tomorrow to many who learnt English as a second language.
        if (AfterTomorrow().IsMatch(text)) return unclear;

        var found = new Found(today, question.Dates);

        // Digit dates first, day first the UK way (an American reading makes 3/4 the 4th of March).
        // Each pass blanks what it read, so a later pass cannot read it again.
        text = IsoDate().Replace(text, m =>
        {
            found.Exact(Int(m, "y"), Int(m, "m"), Int(m, "d"));
            return Blank(m);
        });
        text = CompactDate().Replace(text, m => found.Compact(m.Value) ? Blank(m) : m.Value);
        text = NumericDate().Replace(text, m =>
        {
            found.DayMonth(Int(m, "d"), Int(m, "m"), m.Groups["y"].Success ? m.Groups["y"].Value : null);
            return Blank(m);
        });
        text = NthWeekday().Replace(text, m =>
        {
            found.NthWeekday(m.Groups["n"].Value, Weekdays[m.Groups["wd"].Value[..3]], EnglishMonths.IndexOf(m.Groups["mon"].Value[..3], StringComparison.Ordinal) / 3 + 1);
            return Blank(m);
        });
        text = Holiday().Replace(text, m =>
        {
            var (day, month) = m.Groups["h"].Value switch
            {
                "christmas eve" or "xmas eve" => (24, 12),
                "boxing day" => (26, 12),
                "new years day" or "new year's day" => (1, 1),
                "new years eve" or "new year's eve" => (31, 12),
                _ => (25, 12),
            };
            found.Named(day, month, null);
            return Blank(m);
        });
        text = MonthName().Replace(text, m =>
        {
            var month = EnglishMonths.IndexOf(m.Groups["mon"].Value[..3], StringComparison.Ordinal) / 3 + 1;
            found.Named(Int(m, "d"), month, m.Groups["y"].Success ? m.Groups["y"].Value : null);
            return Blank(m);
        });
        text = WelshDates.Read(text, found);
        text = Relative().Replace(text, m =>
        {
            found.Add(m.Groups["w"].Value switch
            {
                "today" or "tonight" => today,
                "tomorrow" or "tmrw" or "tmr" => today.AddDays(1),
                "yesterday" => today.AddDays(-1),
                "day after tomorrow" or "the day after tomorrow" => today.AddDays(2),
                _ => today.AddDays(-2), // the day before yesterday
            });
            return Blank(m);
        });
        text = InPeriod().Replace(text, m =>
        {
            var count = Count(m.Groups["n"].Value);
            if (count is null) { found.Vague(); return Blank(m); }
            var days = m.Groups["unit"].Value switch
            {
                "day" or "days" => count.Value,
                "week" or "weeks" => count.Value * 7,
                _ => count.Value * 14,
            };
            found.Add(m.Groups["ago"].Success ? today.AddDays(-days) : today.AddDays(days));
            return Blank(m);
        });
        text = Weekday().Replace(text, m =>
        {
            var weekday = Weekdays[m.Groups["wd"].Value[..3]];
            var when = m.Groups["rel"].Value.Trim();
            var week = m.Groups["week"].Value.Trim();
            found.Weekday(weekday, when, week);
            // "friday 27": the day of the month, checked against the weekday.
            if (m.Groups["dom"].Success) found.DayOfMonth(Int(m, "dom"));
            return Blank(m);
        });

        // Words left that name a day we do not read ("a week on friday", "the weekend", "december"):
        // the reply may mean another day, so nothing is stored.
        if (Unread().IsMatch(text)) found.Vague();

        // A day number left over ("14 or 15 March", "14/3 or 15"): another day may be meant. A time
        // ("at 10", "3pm", "10:30") is not one.
        if (StrayDay().IsMatch(text)) return unclear;

        // Digits left over that look like a date we could not read ("6/3/2", "14 3 2"): the reply may
        // name another day, so nothing is stored.
        if (UnreadDate().IsMatch(text)) return unclear;

        // "the 3rd": a day of this month, or the next (or last) month's.
        foreach (Match m in DayOfMonth().Matches(text)) found.DayOfMonth(Int(m, "d"));

        return found.Result(phrases, unclear);
    }

    private static string Blank(Match m) => new(' ', m.Length);

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int? Count(string word) => word switch
    {
        "a" or "an" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7,
        "eight" => 8, "nine" => 9, "ten" => 10,
        _ when word.Length is > 0 and <= 3 && word.All(char.IsAsciiDigit) => int.Parse(word, CultureInfo.InvariantCulture),
        _ => null, // "a few days", "a couple of weeks"
    };

    private const string EnglishMonths = "janfebmaraprmayjunjulaugsepoctnovdec";

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    internal static DateOnly NextWeekday(DateOnly from, DayOfWeek weekday) =>
        from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);

    internal static DateOnly LastWeekday(DateOnly from, DayOfWeek weekday) =>
        from.AddDays(-(((int)from.DayOfWeek - (int)weekday + 7) % 7));

    private static int Iso(DayOfWeek d) => d == DayOfWeek.Sunday ? 7 : (int)d;

    internal static DateOnly? Valid(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
}
