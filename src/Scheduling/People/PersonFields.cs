using System.Globalization;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Scheduling.People;

/// <summary>
/// The rules for one person's details, wherever they come from: a row of the people CSV or the
/// staff page's form. Each problem names its column (phone, channel, timezone, language,
/// next_checkin, consent_date, easy_read, slow_pace, name, groups), so a form can show it at its field.
/// </summary>
public static class PersonFields
{
    /// <param name="cell">A column's text, or null when the column is not given (the stored value stays).</param>
    /// <param name="hasChannelColumn">An empty channel means sms when the column is there.</param>
    /// <param name="limits">The lengths the store holds (the EF model), so what the store would refuse is reported here, by column.</param>
    public static PersonRow? Read(int line, Func<string, string?> cell, bool hasChannelColumn, List<(string Column, string Problem)> problems, CoProduction.Store.FieldLimits limits) =>
        Read(line, cell, hasChannelColumn, problems, Limits.From(limits));

    /// <summary>The lengths one person's details may have, read from the store's model once (per file, not per row).</summary>
    public sealed record Limits(int Name, int Language, int TimeZone, int Group)
    {
        public static Limits From(CoProduction.Store.FieldLimits limits) => new(
            limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.Name))!.Value,
            limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.Language))!.Value,
            limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.TimeZone))!.Value,
            limits.MaxLength<CoProduction.Store.Model.PersonGroup>(nameof(CoProduction.Store.Model.PersonGroup.Group))!.Value);
    }

    public static PersonRow? Read(int line, Func<string, string?> cell, bool hasChannelColumn, List<(string Column, string Problem)> problems, Limits limits)
    {
        var (maxName, maxLanguage, maxTimeZone, maxGroup) = (limits.Name, limits.Language, limits.TimeZone, limits.Group);
        var start = problems.Count;
        var rawPhone = cell("phone");
        var phone = CoProduction.Store.PhoneNumbers.ToE164(rawPhone);
        if (string.IsNullOrEmpty(rawPhone)) problems.Add(("phone", "the phone number is missing"));
        else if (phone is null) problems.Add(("phone", "the phone number is not a real phone number (write it like 07700 900123 or +447700900123)"));

        Channel? channel = null;
        if (cell("channel") is { Length: > 0 } c)
        {
            if (ChannelNames.TryParse(c, out var parsed)) channel = parsed;
            else problems.Add(("channel", "the channel must be sms, voice or web"));
        }
        else if (hasChannelColumn) channel = Channel.Sms;

        var timeZone = cell("timezone");
        if (timeZone is { Length: > 0 } && (timeZone.Length > maxTimeZone || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)))
            problems.Add(("timezone", "the time zone is not one we know (use a name like Europe/London)"));

        var language = cell("language");
        if (language is { Length: > 0 } && (language.Length > maxLanguage || !language.All(ch => char.IsAsciiLetter(ch) || ch == '-')))
            problems.Add(("language", "the language must be a short code like en or cy"));

        var nextCheckin = Date(cell("next_checkin"), "next_checkin", "next check-in date", problems);
        var consent = Date(cell("consent_date"), "consent_date", "consent date", problems);
        var easyRead = YesNo(cell("easy_read"), "easy_read", problems);
        var slowPace = YesNo(cell("slow_pace"), "slow_pace", problems);

        var name = cell("name");
        if (name?.Length > maxName) problems.Add(("name", $"the name is longer than {maxName} characters"));

        IReadOnlyList<string>? groups = null;
        if (cell("groups") is { } g)
        {
            groups = g.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => x.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            if (groups.Any(x => x.Length > maxGroup)) problems.Add(("groups", $"a group name is longer than {maxGroup} characters"));
        }

        if (problems.Count > start) return null;
        return new PersonRow(line, phone!, NullIfEmpty(name), channel, NullIfEmpty(language)?.ToLowerInvariant(),
            NullIfEmpty(timeZone), nextCheckin, consent, easyRead, slowPace, groups);
    }

    public static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static DateOnly? Date(string? cell, string column, string what, List<(string, string)> problems)
    {
        if (string.IsNullOrEmpty(cell)) return null;
        if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        problems.Add((column, System.Text.RegularExpressions.Regex.IsMatch(cell, @"^\d{4}-\d{2}-\d{2}$")
            ? $"the {what} is not a real date"
            : $"the {what} must be written as year-month-day, like 2026-03-14"));
        return null;
    }

    private static bool? YesNo(string? cell, string column, List<(string, string)> problems)
    {
        switch (cell?.ToLowerInvariant())
        {
            case null: return null;
            case "": case "no": case "n": case "false": case "0": return false;
            case "yes": case "y": case "true": case "1": return true;
            default:
                problems.Add((column, $"{column} must be yes or no"));
                return null;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
