using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>The patterns <see cref="DateReader"/> reads a reply with, one per way of writing a day, each with its examples.</summary>
internal static partial class DateReader
{
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
