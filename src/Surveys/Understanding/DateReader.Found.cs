using System.Globalization;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

internal static partial class DateReader
{
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
}
