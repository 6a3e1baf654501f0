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

            var problems = new List<(string Column, string Problem)>();
            var row = PersonFields.Read(line, Cell, header.Contains("channel"), problems, limits);
            // Problems are listed in column order; a phone seen before is the first (its phone was fine).
            if (CoProduction.Store.PhoneNumbers.ToE164(Cell("phone")) is { } phone && seen.TryGetValue(phone, out var earlier)) problems.Insert(0, ("phone", $"the phone number is the same as on line {earlier}"));

            if (problems.Count > 0 || row is null)
            {
                errors.Add(new ImportError(line, PersonFields.Capitalise(string.Join("; ", problems.Select(p => p.Problem))) + "."));
                continue;
            }
            seen[row.Phone] = line;
            rows.Add(row);
        }
        return (rows, errors);
    }
}
