using System.Globalization;
using CoProduction.Store;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Scheduling.People;

/// <summary>
/// Reads and checks the people CSV: a header row, then one person a row. Known columns: name,
/// phone (required), channel (sms|voice|web), language, timezone (IANA), next_checkin and
/// consent_date (ISO dates), groups (';'-separated), easy_read and slow_pace (yes/no). Other
/// columns are allowed and ignored. Every bad row is reported with its line and a plain reason.
/// </summary>
internal static class PeopleCsvReader
{
    public static readonly string[] KnownColumns =
        ["name", "phone", "channel", "language", "timezone", "next_checkin", "consent_date", "groups", "easy_read", "slow_pace"];

    public static (List<PersonRow> Rows, List<ImportError> Errors) Read(TextReader text, FieldLimits limits)
    {
        // The lengths the store holds (the EF model), so a row the store would refuse is reported here, by line.
        var maxName = limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.Name))!.Value;
        var maxLanguage = limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.Language))!.Value;
        var maxTimeZone = limits.MaxLength<CoProduction.Store.Model.Person>(nameof(CoProduction.Store.Model.Person.TimeZone))!.Value;
        var maxGroup = limits.MaxLength<CoProduction.Store.Model.PersonGroup>(nameof(CoProduction.Store.Model.PersonGroup.Group))!.Value;
        var rows = new List<PersonRow>();
        var errors = new List<ImportError>();
        List<CsvLines.Record> records;
        try
        {
            records = CsvLines.Read(text).ToList();
        }
        catch (CsvLines.UnclosedQuoteException e)
        {
            errors.Add(new ImportError(e.Line, "A quote (\") opened on this line is never closed."));
            return (rows, errors);
        }
        var headerRecord = records.FirstOrDefault(r => r.Fields.Any(f => f.Trim().Length > 0));
        if (headerRecord is null)
        {
            errors.Add(new ImportError(1, "The file is empty. The first line must name the columns, for example: name,phone,channel"));
            return (rows, errors);
        }

        var columns = headerRecord.Fields.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant().Replace(' ', '_')).ToList();
        var header = columns.ToHashSet();
        if (!header.Contains("phone"))
        {
            errors.Add(new ImportError(headerRecord.Line, "There is no 'phone' column. The phone number is how we know each person."));
            return (rows, errors);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.SkipWhile(r => r != headerRecord).Skip(1))
        {
            if (record.Fields.All(f => string.IsNullOrWhiteSpace(f))) continue;
            var line = record.Line;
            string? Cell(string column)
            {
                var index = columns.IndexOf(column);
                if (index < 0) return null;
                return index < record.Fields.Count ? record.Fields[index].Trim() : "";
            }

            var problems = new List<string>();
            var rawPhone = Cell("phone");
            var phone = CoProduction.Store.PhoneNumbers.ToE164(rawPhone);
            if (string.IsNullOrEmpty(rawPhone)) problems.Add("the phone number is missing");
            else if (phone is null) problems.Add("the phone number is not a real phone number (write it like 07700 900123 or +447700900123)");
            else if (seen.TryGetValue(phone, out var earlier)) problems.Add($"the phone number is the same as on line {earlier}");

            Channel? channel = null;
            if (Cell("channel") is { Length: > 0 } c)
            {
                if (ChannelNames.TryParse(c, out var parsed)) channel = parsed;
                else problems.Add("the channel must be sms, voice or web");
            }
            else if (header.Contains("channel")) channel = Channel.Sms;

            var timeZone = Cell("timezone");
            if (timeZone is { Length: > 0 } && (timeZone.Length > maxTimeZone || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)))
            {
                problems.Add("the time zone is not one we know (use a name like Europe/London)");
            }

            var language = Cell("language");
            if (language is { Length: > 0 } && (language.Length > maxLanguage || !language.All(ch => char.IsAsciiLetter(ch) || ch == '-')))
            {
                problems.Add("the language must be a short code like en or cy");
            }

            var nextCheckin = Date(Cell("next_checkin"), "next check-in date", problems);
            var consent = Date(Cell("consent_date"), "consent date", problems);
            var easyRead = YesNo(Cell("easy_read"), "easy_read", problems);
            var slowPace = YesNo(Cell("slow_pace"), "slow_pace", problems);

            var name = Cell("name");
            if (name?.Length > maxName) problems.Add($"the name is longer than {maxName} characters");

            IReadOnlyList<string>? groups = null;
            if (Cell("groups") is { } g)
            {
                groups = g.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(x => x.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
                if (groups.Any(x => x.Length > maxGroup)) problems.Add($"a group name is longer than {maxGroup} characters");
            }

            if (problems.Count > 0)
            {
                errors.Add(new ImportError(line, Capitalise(string.Join("; ", problems)) + "."));
                continue;
            }
            seen[phone!] = line;
            rows.Add(new PersonRow(line, phone!, NullIfEmpty(name), channel, NullIfEmpty(language)?.ToLowerInvariant(),
                NullIfEmpty(timeZone), nextCheckin, consent, easyRead, slowPace, groups));
        }
        return (rows, errors);
    }

    private static DateOnly? Date(string? cell, string what, List<string> problems)
    {
        if (string.IsNullOrEmpty(cell)) return null;
        if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        problems.Add(System.Text.RegularExpressions.Regex.IsMatch(cell, @"^\d{4}-\d{2}-\d{2}$")
            ? $"the {what} is not a real date"
            : $"the {what} must be written as year-month-day, like 2026-03-14");
        return null;
    }

    private static bool? YesNo(string? cell, string column, List<string> problems)
    {
        switch (cell?.ToLowerInvariant())
        {
            case null: return null;
            case "": case "no": case "n": case "false": case "0": return false;
            case "yes": case "y": case "true": case "1": return true;
            default:
                problems.Add($"{column} must be yes or no");
                return null;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
