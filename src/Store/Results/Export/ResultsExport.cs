using System.Globalization;
using System.Runtime.CompilerServices;
using CoProduction.Store.Interviews;
using CoProduction.Store.Model;
using CoProduction.Surveys.Review;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results.Export;

/// <summary>
/// Reads a survey's responses for export, one row per response, one column per question, as a
/// stream: answers come ordered by response and each row is handed on as soon as it is whole, so
/// memory stays flat however many answers there are.
/// </summary>
public sealed class ResultsExport(StoreDbContext db, ResultsQuery results, TimeProvider time)
{
    /// <summary>The columns, in the survey's order, then any question only older versions asked; null for no such survey.</summary>
    public async Task<IReadOnlyList<ExportColumn>?> ColumnsAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var definition = await results.DefinitionAsync(surveyId, survey.PublishedVersion, ct);
        var asked = await db.Answers.Where(a => a.SurveyId == surveyId).Select(a => a.QuestionId).Distinct().ToListAsync(ct);
        var columns = (definition?.Questions ?? []).Select(Column).ToList();
        columns.AddRange(asked.Where(id => columns.All(c => c.Code != id)).Order(StringComparer.Ordinal)
            .Select(id => new ExportColumn(id, "(asked by an older version)", "", "")));
        return columns;
    }

    public async IAsyncEnumerable<ExportRow> RowsAsync(string surveyId, ExportFilter filter, IReadOnlyList<ExportColumn> columns, [EnumeratorCancellation] CancellationToken ct)
    {
        var index = columns.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var sessions = results.LiveSessions(surveyId, filter.RoundId);
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            sessions = sessions.Where(s => s.StartedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            sessions = sessions.Where(s => s.StartedAt < end);
        }

        var answers =
            from a in db.Answers.AsNoTracking()
            join s in sessions on a.SessionId equals s.Id
            join i in db.Interviews on (Guid?)s.Id equals i.SessionId into interviews
            from i in interviews.DefaultIfEmpty()
            where a.SurveyId == surveyId
            orderby a.SessionId, a.Id
            select new
            {
                a.SessionId, s.Channel, s.StartedAt, SessionStatus = s.Status, a.QuestionId, a.Value, a.Status,
                InterviewId = (Guid?)i!.Id, InterviewerRole = (Surveys.Review.BoardRole?)i.InterviewerRole,
                Mode = (Interviews.InterviewMode?)i.Mode, AnsweredBy = (Interviews.AnsweredBy?)i.AnsweredBy, Consent = (bool?)i.Consent,
            };

        ExportRow? row = null;
        await foreach (var a in answers.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (row is null || row.ResponseId != a.SessionId)
            {
                if (row is not null) yield return row;
                row = new ExportRow(a.SessionId, a.Channel.ToName(), a.StartedAt, a.SessionStatus.ToString().ToLowerInvariant(), new string?[columns.Count])
                {
                    Interview = a.InterviewId is { } interview
                        ? new ExportInterview(interview, a.InterviewerRole!.Value.ToName(), a.Mode!.Value.ToName(), a.AnsweredBy!.Value.ToName(), a.Consent ?? false)
                        : null,
                };
            }
            if (index.TryGetValue(a.QuestionId, out var i))
            {
                row.Values[i] = a.Status switch
                {
                    Surveys.Engine.AnswerStatus.Unclear => ResultsQuery.Unclear,
                    Surveys.Engine.AnswerStatus.Skipped => ResultsQuery.Skipped,
                    _ => a.Value,
                };
            }
        }
        if (row is not null) yield return row;
    }

    /// <summary>Recorded before the first byte goes out, so even a broken-off download is on record.</summary>
    public async Task<ExportRecord> RecordAsync(string surveyId, string who, string format, ExportFilter filter, CancellationToken ct)
    {
        var record = new ExportRecord
        {
            Id = Guid.NewGuid(), SurveyId = surveyId, Who = who, At = time.GetUtcNow(), Format = format,
            RoundId = filter.RoundId, From = filter.From, To = filter.To,
        };
        db.ExportRecords.Add(record);
        Accounts.AuditLog.Add(db, Accounts.AuditActions.ResultsExported, who, null, Describe(record), record.At);
        await db.SaveChangesAsync(ct);
        return record;
    }

    private static string Describe(ExportRecord r) =>
        $"{r.SurveyId} as {r.Format.ToUpperInvariant()}" + (r.RoundId is { } round ? $", round {round}" : "")
        + (r.From is { } from ? $", from {from:yyyy-MM-dd}" : "") + (r.To is { } to ? $", to {to:yyyy-MM-dd}" : "");

    public async Task FinishAsync(ExportRecord record, int rows)
    {
        record.Rows = rows;
        // Not cancellable: the file went out, so its size belongs on the record.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public Task<bool> RoundBelongsAsync(string surveyId, Guid roundId, CancellationToken ct) => results.RoundBelongsAsync(surveyId, roundId, ct);

    /// <summary>The fixed columns before the questions.</summary>
    public static readonly IReadOnlyList<ExportColumn> ResponseColumns =
    [
        new("response_id", "A number for this response (not a person's name or phone)", "text", ""),
        new("channel", "How they answered", "text", "sms, voice, web, interview (a peer researcher or staff asked the questions and entered the answers)"),
        new("started", "When they started (UTC)", "date-time", "yyyy-MM-ddTHH:mm:ssZ"),
        new("status", "Whether they finished", "text", "completed, active, stopped, expired"),
        new("interview_id", "The interview this response was given in (empty when not an interview)", "text", ""),
        new("interviewer_role", "The interviewer's board role", "text", "peer-researcher, staff; empty when not an interview"),
        new("interview_mode", "How the interview was held", "text", "in-person, phone; empty when not an interview"),
        new("answered_by", "Who gave the answers in the interview", "text", "person, with-help, on-behalf; empty when not an interview"),
        new("consent", "The person agreed to the interview and to their answers being kept", "text", "yes; empty when not an interview"),
    ];

    public static string Started(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static ExportColumn Column(Question q) => new(
        q.Id,
        q.Wording.Text.Get("en"),
        q.Type.ToString().ToLowerInvariant(),
        (q.Type switch
        {
            QuestionType.Choice => string.Join("; ", q.Options.Select(o => $"{o.Id} = {o.Text.Get("en")}")),
            QuestionType.YesNo => "yes; no",
            QuestionType.Scale or QuestionType.Number =>
                $"whole numbers {q.Min} to {q.Max}" + string.Concat(q.Labels.OrderBy(l => l.Key).Select(l => $"; {l.Key} = {l.Value.Get("en")}")),
            QuestionType.Date => "yyyy-MM-dd",
            _ => "the person's own words",
        }) + "; unclear = not understood after asking again; skipped = not answered");
}
