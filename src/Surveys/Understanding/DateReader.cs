using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Recognizers.Text;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads one calendar day: "14/3" (the UK way: day first), "14 March", "tomorrow",
/// "next tuesday", "in 2 weeks", "the 3rd", and in Welsh "yfory", "dydd Mawrth nesaf".
/// A day without a year is the next such day on or after today. Ranges ("next week",
/// "December"), two different days ("monday or tuesday") and exclusions ("any day but monday")
/// stay unclear: a call booked on the wrong day is worse than asking again.
/// </summary>
internal static partial class DateReader
{
    public static AnswerResult Read(string reply, string language, DateOnly today)
    {
        var phrases = Phrases.For(language);
        var unclear = new AnswerResult.Unclear(phrases.ADate);
        var text = ReplyText.Fold(reply);
        if (text.Length == 0) return unclear;
        text = Shorthand().Replace(text, m => m.Value.StartsWith("2d", StringComparison.Ordinal) ? "today" : "tomorrow");
        if (Exclusion().IsMatch(text) || WeekdayWeek().IsMatch(text)) return unclear;

        var days = new HashSet<DateOnly>();
        // A weekday next to a date ("Sunday 14/3", "Tuesday the 1st") checks the date rather than
        // naming another day, so weekdays are kept apart until the end.
        var weekdays = new HashSet<DayOfWeek>();
        var bad = false;

        // Our own reading of digit dates first: the English recognizer is American and would
        // make 3/4 the 4th of March. The matched text is blanked so the recognizer cannot reread it.
        text = NumericDate().Replace(text, m =>
        {
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var date = m.Groups["y"].Success
                ? Exact(Year(m.Groups["y"].Value), month, day)
                : NextOnOrAfter(today, month, day);
            if (date is { } d) days.Add(d); else bad = true;
            return new string(' ', m.Length);
        });
        text = IsoDate().Replace(text, m =>
        {
            var date = Exact(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
            if (date is { } d) days.Add(d); else bad = true;
            return new string(' ', m.Length);
        });

        text = WelshDates.Read(text, today, days, out var welshInvalid);
        bad |= welshInvalid;

        var blanked = text.ToCharArray();
        foreach (var result in Recognizers.ParseDates(text, today))
        {
            switch (FromRecognizer(result, today))
            {
                case Found.Day(var day): days.Add(day); break;
                case Found.Weekday(var weekday): weekdays.Add(weekday); break;
                case Found.NotADay: bad = true; break;
                case Found.Nothing: continue;
            }
            for (var i = result.Start; i <= result.End && i < blanked.Length; i++) blanked[i] = ' ';
        }

        // "the 3rd": a day of this month, or next month's when this month's has gone. The
        // recognizer reads some of these ("on the 30th") and not others ("the 3rd").
        foreach (Match m in DayOfMonth().Matches(new string(blanked)))
        {
            if (NextDayOfMonth(today, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture)) is { } d) days.Add(d);
            else bad = true;
        }

        if (days.Count == 0 && weekdays.Count == 1) days.Add(NextWeekday(today, weekdays.First()));
        else if (weekdays.Any(w => days.Any(d => d.DayOfWeek != w))) return unclear;

        if (bad || days.Count != 1) return unclear;
        var answer = days.First();
        return new AnswerResult.Understood(answer.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), phrases.Date(answer, today));
    }

    private abstract record Found
    {
        public sealed record Day(DateOnly Date) : Found;
        public sealed record Weekday(DayOfWeek Of) : Found;
        public sealed record NotADay : Found;
        public sealed record Nothing : Found;
    }

    private static Found FromRecognizer(ModelResult result, DateOnly today)
    {
        var type = result.TypeName.Replace("datetimeV2.", "", StringComparison.Ordinal);
        // A bare time ("3pm") says nothing about the day; a duration, range or repeat is not one day.
        if (type == "time" || type == "timerange") return new Found.Nothing();
        if (type is not ("date" or "datetime" or "datetimerange")) return new Found.NotADay();
        if (!result.Resolution.TryGetValue("values", out var values) || values is not IEnumerable<object> list)
            return new Found.NotADay();
        var timex = list.OfType<IDictionary<string, string>>()
            .Select(v => v.TryGetValue("timex", out var t) ? t : null)
            .FirstOrDefault(t => t is not null);
        if (timex is null) return new Found.NotADay();
        var datePart = timex.Split('T')[0].TrimStart('(');
        var weekday = WeekdayTimex().Match(datePart);
        if (weekday.Success)
            return new Found.Weekday((DayOfWeek)(int.Parse(weekday.Groups["wd"].Value, CultureInfo.InvariantCulture) % 7));
        return FromTimex(datePart, today) is { } day ? new Found.Day(day) : new Found.NotADay();
    }

    // Timex dates: 2026-12-01, XXXX-03-14 (no year), XXXX-XX-30 (a day of the month).
    private static DateOnly? FromTimex(string timex, DateOnly today)
    {
        var m = Timex().Match(timex);
        if (!m.Success) return null;
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["m"].Value == "XX") return NextDayOfMonth(today, day);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["y"].Value == "XXXX") return NextOnOrAfter(today, month, day);
        return Exact(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month, day);
    }

    internal static DateOnly NextWeekday(DateOnly today, DayOfWeek weekday) =>
        today.AddDays(((int)weekday - (int)today.DayOfWeek + 7) % 7);

    private static DateOnly? Exact(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    internal static DateOnly? NextOnOrAfter(DateOnly today, int month, int day)
    {
        if (month is < 1 or > 12 || day is < 1 or > 31) return null;
        // Looking 8 years ahead finds the next 29 February.
        for (var year = today.Year; year <= today.Year + 8; year++)
            if (Exact(year, month, day) is { } d && d >= today) return d;
        return null;
    }

    private static DateOnly? NextDayOfMonth(DateOnly today, int day)
    {
        if (day is < 1 or > 31) return null;
        var first = new DateOnly(today.Year, today.Month, 1);
        for (var i = 0; i < 12; i++)
        {
            var month = first.AddMonths(i);
            if (Exact(month.Year, month.Month, day) is { } d && d >= today) return d;
        }
        return null;
    }

    private static int Year(string digits)
    {
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        return digits.Length == 2 ? 2000 + year : year;
    }

    // 14/3, 14/03/2027, 14/3/27, 14.03.2027, 14-03-2027 (dots and dashes only with a year: "3.30" is a time).
    [GeneratedRegex(@"(?<![\d/.-])(?<d>\d{1,2})(?:/(?<m>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?|[.-](?<m>\d{1,2})[.-](?<y>\d{4}|\d{2}))(?![\d/.-]*\d)")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\b")]
    private static partial Regex IsoDate();

    // How "tomorrow" and "today" are texted; the recognizer knows "tmrw" and "tmr" but not these.
    [GeneratedRegex(@"\b(?:2moro|2morrow|2morow|2mrw|2mro|tomoz|tmoz|tomoro|tomorow|tommorow|tommorrow|tomorrw|tmoro|2day)\b")]
    private static partial Regex Shorthand();

    [GeneratedRegex(@"\b(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)\b")]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"^(?<y>\d{4}|XXXX)-(?<m>\d{2}|XX)-(?<d>\d{2})$")]
    private static partial Regex Timex();

    // XXXX-WXX-2: "tuesday", any week.
    [GeneratedRegex(@"^XXXX-WXX-(?<wd>[1-7])$")]
    private static partial Regex WeekdayTimex();

    [GeneratedRegex(@"\b(?:not|except|apart from|but|besides|other than|unless|dim ond nid|heblaw)\b")]
    private static partial Regex Exclusion();

    // "monday week" is the Monday after next in British English; the recognizer reads plain "monday".
    [GeneratedRegex(@"\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)[a-z]*\s+week\b")]
    private static partial Regex WeekdayWeek();
}
