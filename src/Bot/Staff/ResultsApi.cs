using CoProduction.Bot.Accounts;
using System.Text.Json.Serialization;
using CoProduction.Store.Results;
using CoProduction.Store.Results.Export;

namespace CoProduction.Bot.Staff;

/// <summary>Results under /api: counts (whole, for staff), "you said, we did" actions, and releasing a round's results to the public.</summary>
public static class ResultsApi
{
    /// <param name="root">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static IEndpointRouteBuilder MapResultsApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("/surveys/{id}");
        // Counts and actions are for everyone signed in (the board reads results too); recording
        // actions, releasing to the public and exporting answers are staff work.
        api.MapGet("/results", GetResultsAsync).RequireAuthorization(Policies.Read);
        api.MapPost("/actions", RecordActionAsync).RequireAuthorization(Policies.Staff);
        api.MapGet("/actions", async (string id, ActionBook book, CancellationToken ct) =>
            Results.Ok((await book.ListAsync(id, ct)).Select(a => new
            {
                id = a.Id, question = a.QuestionId, round = a.RoundId, text = a.Text, status = ActionBook.Name(a.Status), why = a.Why,
                cy = a.TextCy is null ? null : new { text = a.TextCy, why = a.WhyCy },
            }))).RequireAuthorization(Policies.Read);
        api.MapPost("/releases", ReleaseAsync).RequireAuthorization(Policies.Staff);
        api.MapGet("/export", ExportAsync).RequireAuthorization(Policies.Staff);
        return root;
    }

    private static async Task<IResult> GetResultsAsync(string id, string? round, ResultsQuery results, CancellationToken ct)
    {
        Guid? roundId = null;
        if (!string.IsNullOrEmpty(round))
        {
            if (!Guid.TryParse(round, out var parsed))
            {
                return Results.Problem(title: "Not a round id", detail: "?round= takes a round's id, as POST /api/rounds gave it.", statusCode: StatusCodes.Status400BadRequest);
            }
            roundId = parsed;
        }
        var found = await results.GetAsync(id, roundId, ct);
        if (found is null) return StaffApi.NoSuchSurvey(id);
        if (roundId is { } r && !await results.RoundBelongsAsync(id, r, ct)) return NoSuchRound(id);
        return Results.Ok(found);
    }

    public sealed record ActionRequest(
        [property: JsonPropertyName("question")] string? Question,
        [property: JsonPropertyName("round")] Guid? Round,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("why")] string? Why,
        [property: JsonPropertyName("cy")] ActionWelshRequest? Cy = null);

    /// <summary>"cy": { "text", "why" }: the action in Welsh, as votes take "cy": { "question", "options" }.</summary>
    public sealed record ActionWelshRequest(
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("why")] string? Why);

    private static async Task<IResult> RecordActionAsync(string id, ActionRequest? request, ActionBook book, CancellationToken ct)
    {
        if (request is null) return Results.Problem(title: "Send the action as JSON", detail: "For example { \"text\": \"We hired two more drivers\", \"status\": \"done\" }.", statusCode: StatusCodes.Status400BadRequest);
        var outcome = await book.RecordAsync(id, request.Question, request.Round, request.Text, request.Status, request.Why,
            request.Cy is { } cy ? new ActionWelsh(cy.Text, cy.Why) : null, ct);
        if (outcome.SurveyMissing) return StaffApi.NoSuchSurvey(id);
        if (outcome.Problem is not null) return Results.Problem(title: "The action has a problem", detail: outcome.Problem, statusCode: StatusCodes.Status400BadRequest);
        var body = new { id = outcome.Id };
        return outcome.Created ? Results.Created($"/api/surveys/{id}/actions/{outcome.Id}", body) : Results.Ok(body);
    }

    public sealed record ReleaseRequest([property: JsonPropertyName("round")] Guid? Round);

    /// <summary>An empty body releases every answer so far; { "round": id } one round's.</summary>
    private static async Task<IResult> ReleaseAsync(string id, HttpRequest http, ResultsReleases releases, ResultsSendBack sendBack, CancellationToken ct)
    {
        ReleaseRequest? request = null;
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            try { request = await http.ReadFromJsonAsync<ReleaseRequest>(ct); }
            catch (System.Text.Json.JsonException) { return Results.Problem(title: "Send JSON", detail: "Send { \"round\": \"<round id>\" }, or nothing for every answer so far.", statusCode: StatusCodes.Status400BadRequest); }
            catch (InvalidOperationException) { return Results.Problem(title: "Send JSON", detail: "Send the body with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType); }
        }
        var outcome = await releases.PublishAsync(id, request?.Round, ct);
        // Only the request that made the release queues the messages; a repeat (or a request
        // that lost the race) finds them queued already, and their keys would refuse a second set.
        if (outcome.Status == ReleaseStatus.Published) await sendBack.QueueAsync(outcome.Release!.Id);
        return outcome.Status switch
        {
            ReleaseStatus.NoSuchSurvey => StaffApi.NoSuchSurvey(id),
            ReleaseStatus.NoSuchRound => NoSuchRound(id),
            ReleaseStatus.WouldDisclose => Results.Problem(title: "These results cannot be released yet", detail: outcome.Reason, statusCode: StatusCodes.Status409Conflict),
            ReleaseStatus.Published => Results.Created($"/results/{id}", new { id = outcome.Release!.Id, publishedAt = outcome.Release.PublishedAt }),
            _ => Results.Ok(new { id = outcome.Release!.Id, publishedAt = outcome.Release.PublishedAt }),
        };
    }

    /// <summary>
    /// The answers as a file: ?format=csv|xlsx, ?round=, ?from= and ?to= (yyyy-MM-dd, the day the
    /// response started, UTC). Recorded before the first byte goes out.
    /// </summary>
    private static async Task<IResult> ExportAsync(string id, string? format, string? round, string? from, string? to, HttpContext http, ResultsExport export, CancellationToken ct)
    {
        format = format?.Trim().ToLowerInvariant();
        if (format is not ("csv" or "xlsx"))
        {
            return Results.Problem(title: "Choose a format", detail: "Add ?format=csv or ?format=xlsx.", statusCode: StatusCodes.Status400BadRequest);
        }
        Guid? roundId = null;
        if (!string.IsNullOrEmpty(round))
        {
            if (!Guid.TryParse(round, out var parsed)) return Results.Problem(title: "Not a round id", detail: "?round= takes a round's id, as POST /api/rounds gave it.", statusCode: StatusCodes.Status400BadRequest);
            roundId = parsed;
        }
        if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate))
        {
            return Results.Problem(title: "Not a date", detail: "?from= and ?to= take dates like 2026-03-31.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (fromDate > toDate)
        {
            return Results.Problem(title: "Dates the wrong way round", detail: "?from= must be on or before ?to=.", statusCode: StatusCodes.Status400BadRequest);
        }

        var columns = await export.ColumnsAsync(id, ct);
        if (columns is null) return StaffApi.NoSuchSurvey(id);
        if (roundId is { } r && !await export.RoundBelongsAsync(id, r, ct)) return NoSuchRound(id);

        var filter = new ExportFilter(roundId, fromDate, toDate);
        // The person's own name (an email address is not who they are to colleagues), or the key's.
        var who = http.User.ActorName();
        if (who.Length > 200) who = who[..200];
        var record = await export.RecordAsync(id, who, format, filter, ct);
        var name = $"{id}-answers-{record.At.UtcDateTime:yyyyMMdd-HHmm}.{format}";

        if (format == "csv")
        {
            return Results.Stream(async body =>
            {
                var rows = await CsvExport.WriteAsync(body, columns, export.RowsAsync(id, filter, columns, ct), ct);
                await export.FinishAsync(record, rows);
            }, "text/csv; charset=utf-8", name);
        }

        return Results.Stream(async body =>
        {
            // MiniExcel writes synchronously: into a temporary file on a worker thread, then out.
            var path = Path.GetTempFileName();
            try
            {
                int rows;
                await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
                {
                    rows = await Task.Run(() => XlsxExport.Write(file, columns, export.RowsAsync(id, filter, columns, ct).ToBlockingEnumerable(ct)), ct);
                    file.Position = 0;
                    await file.CopyToAsync(body, ct);
                }
                await export.FinishAsync(record, rows);
            }
            finally
            {
                File.Delete(path);
            }
        }, StaffApi.XlsFormType, name);
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)) return false;
        date = parsed;
        return true;
    }

    private static IResult NoSuchRound(string surveyId) =>
        Results.Problem(title: "No such round", detail: $"The survey '{surveyId}' has no round with that id.", statusCode: StatusCodes.Status404NotFound);
}
