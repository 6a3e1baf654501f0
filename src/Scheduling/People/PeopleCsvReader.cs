using System.Runtime.CompilerServices;

namespace CoProduction.Scheduling.People;

/// <summary>
/// Reads and checks the people CSV: a header row, then one person a row. Known columns: name,
/// phone (required), channel (sms|voice|web), language, timezone (IANA), next_checkin and
/// consent_date (ISO dates), groups (';'-separated), easy_read and slow_pace (yes/no). Other
/// columns are allowed and ignored. Every bad row is reported with its line and a plain reason.
/// Rows come out one at a time as the file is read; what is kept for the whole file is one
/// number per phone (its line, to name the first line of a repeated phone): about 30 bytes a row.
/// </summary>
internal static class PeopleCsvReader
{
    public static readonly string[] KnownColumns =
        ["name", "phone", "channel", "language", "timezone", "next_checkin", "consent_date", "groups", "easy_read", "slow_pace"];

    /// <summary>The good rows, in file order; each bad row is added to <paramref name="errors"/> instead.</summary>
    public static async IAsyncEnumerable<PersonRow> ReadAsync(
        TextReader text, PersonFields.Limits limits, List<ImportError> errors, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var records = CsvLines.ReadAsync(text, ct).GetAsyncEnumerator(ct);
        CsvLines.Record? headerRecord = null;
        while (await MoveNextAsync(records, errors))
        {
            if (records.Current.Fields.Any(f => f.Trim().Length > 0)) { headerRecord = records.Current; break; }
        }
        if (errors.Count > 0) yield break;
        if (headerRecord is null)
        {
            errors.Add(new ImportError(1, "The file is empty. The first line must name the columns, for example: name,phone,channel"));
            yield break;
        }

        var columns = headerRecord.Fields.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant().Replace(' ', '_')).ToList();
        // The first column of each name wins, as before.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++) index.TryAdd(columns[i], i);
        if (!index.ContainsKey("phone"))
        {
            errors.Add(new ImportError(headerRecord.Line, "There is no 'phone' column. The phone number is how we know each person."));
            yield break;
        }
        var hasChannel = index.ContainsKey("channel");

        var seen = new Dictionary<long, int>();
        var problems = new List<(string Column, string Problem)>();
        IReadOnlyList<string> fields = [];
        string? Cell(string column)
        {
            if (!index.TryGetValue(column, out var i)) return null;
            return i < fields.Count ? fields[i].Trim() : "";
        }

        while (await MoveNextAsync(records, errors))
        {
            var record = records.Current;
            if (record.Fields.All(string.IsNullOrWhiteSpace)) continue;
            fields = record.Fields;
            var line = record.Line;
            problems.Clear();
            var row = PersonFields.Read(line, Cell, hasChannel, problems, limits);
            // The phone is normalised once, by PersonFields; only a row with other problems needs it again.
            var phone = row?.Phone ?? CoProduction.Store.PhoneNumbers.ToE164(Cell("phone"));
            // Problems are listed in column order; a phone seen before is the first (its phone was fine).
            if (phone is not null && seen.TryGetValue(Key(phone), out var earlier)) problems.Insert(0, ("phone", $"the phone number is the same as on line {earlier}"));

            if (problems.Count > 0 || row is null)
            {
                errors.Add(new ImportError(line, PersonFields.Capitalise(string.Join("; ", problems.Select(p => p.Problem))) + "."));
                continue;
            }
            seen[Key(row.Phone)] = line;
            yield return row;
        }
    }

    /// <summary>An unclosed quote ends the file: it is the one error, as nothing after it can be read.</summary>
    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<CsvLines.Record> records, List<ImportError> errors)
    {
        try
        {
            return await records.MoveNextAsync();
        }
        catch (CsvLines.UnclosedQuoteException e)
        {
            errors.Clear();
            errors.Add(new ImportError(e.Line, "A quote (\") opened on this line is never closed."));
            throw new UnclosedQuote();
        }
    }

    /// <summary>Tells the importer the file could not be read to its end (the error is already in the list).</summary>
    internal sealed class UnclosedQuote : Exception;

    /// <summary>E.164 is '+' and at most 15 digits: it fits a long, which a dictionary keeps in 8 bytes, not a string's 50.</summary>
    private static long Key(string e164) => long.Parse(e164.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
}
