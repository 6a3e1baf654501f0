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

    /// <summary>What one reply named so far: days, weekdays that check them, and readings to confirm.</summary>
    internal sealed class Found(DateOnly today, DateDirection direction)
    {
        public DateOnly Today => today;
        private readonly HashSet<DateOnly> _days = [];
        // A weekday next to a date ("Sunday 14/3") checks the date rather than naming another day.
        private readonly HashSet<DayOfWeek> _weekdays = [];
        private readonly List<(DateOnly Likely, DateOnly Other)> _ambiguous = [];
        private bool _bad;

        public void Add(DateOnly day) => _days.Add(day);
        public void Vague() => _bad = true;

        public void Exact(int year, int month, int day)
        {
            if (Valid(year, month, day) is { } d) _days.Add(d); else _bad = true;
        }

        /// <summary>"20270314" or "14032027": taken only when exactly one reading is a date.</summary>
        public bool Compact(string digits)
        {
            var iso = Valid(int.Parse(digits[..4], CultureInfo.InvariantCulture), int.Parse(digits[4..6], CultureInfo.InvariantCulture), int.Parse(digits[6..], CultureInfo.InvariantCulture));
            var uk = Valid(int.Parse(digits[4..], CultureInfo.InvariantCulture), int.Parse(digits[2..4], CultureInfo.InvariantCulture), int.Parse(digits[..2], CultureInfo.InvariantCulture));
            if (iso is { } a && uk is null) { _days.Add(a); return true; }
            if (uk is { } b && iso is null) { _days.Add(b); return true; }
            return false;
        }

        /// <summary>Digits with separators, day first as in the UK; month first only as a reading to confirm.</summary>
        public void DayMonth(int first, int second, string? year)
        {
            var dayFirst = Resolve(first, second, year);
            var monthFirst = first != second ? Resolve(second, first, year) : null;
            switch (dayFirst, monthFirst)
            {
                case ({ } d, null): _days.Add(d); break;
                case ({ } d, { } other): _ambiguous.Add((d, other)); break;
                // "3/14" has only the American reading: likely, but ask, since a UK writer may have slipped.
                case (null, { } other): _ambiguous.Add((other, other)); break;
                default: _bad = true; break;
            }
        }

        /// <summary>A month named in words: cannot be misread, so no second reading.</summary>
        public void Named(int day, int month, string? year)
        {
            if (Resolve(day, month, year) is { } d) _days.Add(d); else _bad = true;
        }

        /// <summary>"the first monday of december", "the last friday in march": the next (or last) such month's.</summary>
        public void NthWeekday(string nth, DayOfWeek weekday, int month)
        {
            for (var i = 0; i <= 2; i++)
            {
                var year = direction == DateDirection.Past ? today.Year - i : today.Year + i;
                var first = new DateOnly(year, month, 1);
                var day = nth is "last"
                    ? LastWeekday(first.AddMonths(1).AddDays(-1), weekday)
                    : NextWeekday(first, weekday).AddDays(7 * (Ordinal(nth) - 1));
                if (day.Month != month) { _bad = true; return; } // a fifth Monday that does not exist
                if (direction == DateDirection.Past ? day <= today : day >= today) { _days.Add(day); return; }
            }
            _bad = true;
        }

        private static int Ordinal(string nth) => nth switch
        {
            "first" or "1st" => 1, "second" or "2nd" => 2, "third" or "3rd" => 3, "fourth" or "4th" => 4, _ => 5,
        };

        public void DayOfMonth(int day)
        {
            if (day is < 1 or > 31) { _bad = true; return; }
            var first = new DateOnly(today.Year, today.Month, 1);
            for (var i = 0; i < 12; i++)
            {
                var month = first.AddMonths(direction == DateDirection.Past ? -i : i);
                if (Valid(month.Year, month.Month, day) is { } d && (direction == DateDirection.Past ? d <= today : d >= today))
                {
                    _days.Add(d);
                    return;
                }
            }
            _bad = true;
        }

        /// <param name="when">"", "on", "this", "coming", "next" or "last".</param>
        /// <param name="week">"", "next week", "this week" or "last week" after the day.</param>
        public void Weekday(DayOfWeek weekday, string when, string week)
        {
            var monday = today.AddDays(-(Iso(today.DayOfWeek) - 1));
            var inThisWeek = monday.AddDays(Iso(weekday) - 1);
            if (week.Length > 0)
            {
                _days.Add(inThisWeek.AddDays(week.StartsWith("next", StringComparison.Ordinal) ? 7 : week.StartsWith("last", StringComparison.Ordinal) ? -7 : 0));
                return;
            }
            switch (when)
            {
                case "next":
                {
                    // "next Tuesday" said on a Monday is tomorrow to some and a week tomorrow to others.
                    var coming = NextWeekday(today.AddDays(1), weekday);
                    var nextWeek = inThisWeek.AddDays(7);
                    if (coming == nextWeek) _days.Add(coming); else _ambiguous.Add((nextWeek, coming));
                    return;
                }
                case "last":
                {
                    var latest = LastWeekday(today.AddDays(-1), weekday);
                    var lastWeek = inThisWeek.AddDays(-7);
                    if (latest == lastWeek) _days.Add(latest); else _ambiguous.Add((latest, lastWeek));
                    return;
                }
                default:
                    _weekdays.Add(weekday);
                    return;
            }
        }

        public AnswerResult Result(Phrases phrases, AnswerResult.Unclear unclear)
        {
            if (_bad) return unclear;
            var days = new HashSet<DateOnly>(_days);
            var open = new List<(DateOnly Likely, DateOnly Other)>();
            foreach (var a in _ambiguous)
            {
                // A weekday settles which reading of "1/12" was meant, when only one of them falls on it.
                if (_weekdays.Count == 1)
                {
                    var wd = _weekdays.First();
                    var likely = a.Likely.DayOfWeek == wd;
                    var other = a.Other.DayOfWeek == wd;
                    if (likely && !other) { days.Add(a.Likely); continue; }
                    if (other && !likely) { days.Add(a.Other); continue; }
                }
                open.Add(a);
            }

            if (days.Count == 0 && open.Count == 0 && _weekdays.Count == 1)
                days.Add(direction == DateDirection.Past ? LastWeekday(today, _weekdays.First()) : NextWeekday(today, _weekdays.First()));
            else if (_weekdays.Any(w => days.Concat(open.Select(a => a.Likely)).Any(d => d.DayOfWeek != w))) return unclear;

            if (open.Count == 1 && days.Count == 0)
            {
                var (likely, other) = open[0];
                if (!InDirection(likely)) return unclear;
                var display = phrases.Date(likely, today);
                return new AnswerResult.Confirm(Iso8601(likely), display, phrases.DidYouMean(display),
                    phrases.DateToConfirm(other == likely ? likely : other));
            }
            if (open.Count > 0 || days.Count != 1) return unclear;
            var answer = days.First();
            if (!InDirection(answer)) return unclear;
            return new AnswerResult.Understood(Iso8601(answer), phrases.Date(answer, today));
        }

        // Something that happened cannot be after today.
        private bool InDirection(DateOnly day) => direction == DateDirection.Future || day <= today;

        private static string Iso8601(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>A day and month, with the year as written or the next (or last) such day.</summary>
        private DateOnly? Resolve(int day, int month, string? year)
        {
            if (year is not null) return Year(year) is { } y ? Valid(y, month, day) : null;
            if (month is < 1 or > 12 || day is < 1 or > 31) return null;
            // Looking 8 years either way finds the nearest 29 February.
            for (var i = 0; i <= 8; i++)
            {
                var y = direction == DateDirection.Past ? today.Year - i : today.Year + i;
                if (Valid(y, month, day) is { } d && (direction == DateDirection.Past ? d <= today : d >= today)) return d;
            }
            return null;
        }

        /// <summary>
        /// A two-digit year in the sensible century: for something that happened, the last such year
        /// ("85" is 1985, "27" is 1927 when read in 2026); for a plan, the nearest ("27" is 2027, "99" 1999).
        /// </summary>
        private int? Year(string digits)
        {
            var n = int.Parse(digits.TrimStart('\''), CultureInfo.InvariantCulture);
            if (digits.TrimStart('\'').Length == 4) return n;
            var century = today.Year / 100 * 100;
            if (direction == DateDirection.Past) return century + n <= today.Year ? century + n : century - 100 + n;
            return new[] { century - 100 + n, century + n, century + 100 + n }.MinBy(y => Math.Abs(y - today.Year));
        }
    }

    internal static DateOnly NextWeekday(DateOnly from, DayOfWeek weekday) =>
        from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);

    internal static DateOnly LastWeekday(DateOnly from, DayOfWeek weekday) =>
        from.AddDays(-(((int)from.DayOfWeek - (int)weekday + 7) % 7));

    private static int Iso(DayOfWeek d) => d == DayOfWeek.Sunday ? 7 : (int)d;

    internal static DateOnly? Valid(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    // 2027-03-14, 2027/3/14, and timestamps: 2027-03-14T10:00:00.123+01:00, 2027-03-14 10:00Z. The
    // date is the one the writer wrote, whatever the offset: that is the day they meant.
    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:z|\s?[+-]\d{2}(?::?\d{2})?)?)?(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d.,/-])\d{8}(?![\d.,/-])")]
    private static partial Regex CompactDate();

    // 14/3, 14\3, 14/03/2027, 14/3/27, 14.03.2027, 14-03-27, 14 03 2027. Dots, dashes and spaces only
    // with a year: "3.30" is a time and "10-12" a range.
    [GeneratedRegex(@"(?<![\d/.\\-])(?<d>\d{1,2})(?:[/\\]\s?(?<m>\d{1,2})(?:\s?[/\\]\s?(?<y>\d{4}|\d{2}))?|(?<sep>[.-])(?<m>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})|\s(?<m>\d{1,2})\s(?<y>\d{4}|\d{2}))(?![\d/.\\-]*\d)")]
    private static partial Regex NumericDate();

    // Atomic groups, each run read once: a long run of digits costs its length, not its square.
    [GeneratedRegex(@"\d\s*[/\\]\s*\d|(?<!\d)(?>\d+)\s+(?>\d+)\s+\d")]
    private static partial Regex UnreadDate();

    [GeneratedRegex(@"(?<!\b(?:at|about|around|from|after|before|by|till|until)\s+)(?<![\d:.])\b\d{1,2}\b(?!\s*(?:am|pm|a\.m|p\.m|:|\.\d|o'?clock|ish|h\b|hrs|hours|mins?|minutes))")]
    private static partial Regex StrayDay();

    [GeneratedRegex(@"\b(?:the\s+)?(?<n>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(?<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+(?:of|in)\s+(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")]
    private static partial Regex NthWeekday();

    [GeneratedRegex(@"\b(?<h>christmas day|christmas eve|xmas day|xmas eve|boxing day|new year'?s day|new year'?s eve)\b")]
    private static partial Regex Holiday();

    // 14 March, 14th of March 2027, March 14th, Mar 14 2027, 14 sept '27 (but "sept 2024" is a month, not the 20th).
    [GeneratedRegex(@"\b(?:(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(?:the\s+)?(?<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?)(?:\s*,?\s*(?<y>\d{4}|'\d{2}|\d{2}(?![\d:.])))?\b")]
    private static partial Regex MonthName();

    [GeneratedRegex(@"\b(?<w>the day after tomorrow|day after tomorrow|the day before yesterday|day before yesterday|today|tonight|tomorrow|tmrw|tmr|yesterday)\b")]
    private static partial Regex Relative();

    // in 2 weeks, in a fortnight, 3 days from now, a week today, 2 weeks ago.
    [GeneratedRegex(@"\b(?:in\s+)?(?<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|couple of|few)\s+(?<unit>days?|weeks?|fortnights?)(?:\s+(?:from now|from today|time|today))?(?<ago>\s+ago)?\b")]
    private static partial Regex InPeriod();

    // tuesday, on tues, this friday, next monday, last wed, monday next week.
    [GeneratedRegex(@"\b(?:(?<rel>next|this coming|this|coming|last|on)\s+)?(?<wd>mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|rs|r|urday|sday)?\b(?<week>\s+(?:next|this|last)\s+week)?(?:\s+(?:the\s+)?(?<dom>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:am|pm|:|\.\d|/)))?")]
    private static partial Regex Weekday();

    // Words that still name a day, or a span of days, after every pass: read, they would have been blanked.
    [GeneratedRegex(@"\b(?:christmas|xmas|easter|boxing|eve|weeks?|weekend|months?|years?|fortnight|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|yesterday|today)\b")]
    private static partial Regex Unread();

    [GeneratedRegex(@"\b(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)\b")]
    private static partial Regex DayOfMonth();

    // How "tomorrow" and "today" are texted; the recognizer knows "tmrw" and "tmr" but not these.
    [GeneratedRegex(@"\b(?:2moro|2morrow|2morow|2mrw|2mro|tomoz|tmoz|tomoro|tomorow|tommorow|tommorrow|tomorrw|tmoro|2day)\b")]
    private static partial Regex Shorthand();

    [GeneratedRegex(@"\b(?:not|except|apart from|but|besides|other than|unless|dim ond nid|heblaw)\b")]
    private static partial Regex Exclusion();

    [GeneratedRegex(@"(?<!\bday\s)\b(?:after tomorrow|before yesterday)\b")]
    private static partial Regex AfterTomorrow();

    // "every tuesday" is many days, not one.
    [GeneratedRegex(@"\b(?:every|each|daily|weekly|fortnightly|monthly)\b")]
    private static partial Regex Repeat();

    // "monday week" is the Monday after next in British English.
    [GeneratedRegex(@"\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)[a-z]*\s+week\b")]
    private static partial Regex WeekdayWeek();
}
