using System.Text.Json.Serialization;
using CoProduction.Bot.Accounts;
using CoProduction.Store.FreeText;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Written answers under /api/surveys/{id}: reading them (staff and the board; every read is
/// audited), the board's themes, and tagging answers with them. Quotes are in <see cref="QuotesApi"/>.
/// </summary>
public static class FreeTextApi
{
    /// <param name="root">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static RouteGroupBuilder MapFreeTextApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("/surveys/{id}");
        api.MapGet("/answers", ReadAsync).RequireAuthorization(Policies.StaffOrBoard);
        api.MapPost("/answers/{answerId:long}/themes", TagAsync).RequireAuthorization(Policies.StaffOrBoard);
        api.MapDelete("/answers/{answerId:long}/themes/{themeId:long}", async (string id, long answerId, long themeId, AnswerTags tags, CancellationToken ct) =>
            Answer(await tags.UntagAsync(id, answerId, themeId, ct), themes => Results.Ok(new { answer = answerId, themes }))).RequireAuthorization(Policies.StaffOrBoard);

        // Theme names and counts hold no one's words: everyone signed in may see them.
        api.MapGet("/themes", ListThemesAsync).RequireAuthorization(Policies.Read);
        api.MapPost("/themes", async (string id, HttpRequest http, ThemeBook book, CancellationToken ct) =>
        {
            var (request, bad) = await ReadJsonAsync<ThemeRequest>(http, NameExample, ct);
            return bad ?? Answer(await book.AddAsync(id, request?.Name, ct), ThemeJson, created: t => $"/api/surveys/{id}/themes/{t.Id}");
        }).RequireAuthorization(Policies.StaffOrBoard);
        api.MapPut("/themes/{themeId:long}", async (string id, long themeId, HttpRequest http, ThemeBook book, CancellationToken ct) =>
        {
            var (request, bad) = await ReadJsonAsync<ThemeRequest>(http, NameExample, ct);
            return bad ?? Answer(await book.RenameAsync(id, themeId, request?.Name, ct), ThemeJson);
        }).RequireAuthorization(Policies.StaffOrBoard);
        api.MapPost("/themes/{themeId:long}/retire", async (string id, long themeId, ThemeBook book, CancellationToken ct) =>
            Answer(await book.RetireAsync(id, themeId, ct), ThemeJson)).RequireAuthorization(Policies.StaffOrBoard);
        return root.MapQuotesApi();
    }

    public sealed record ThemeRequest([property: JsonPropertyName("name")] string? Name);

    public sealed record TagRequest([property: JsonPropertyName("themes")] long[]? Themes);

    /// <summary>?question= (a text question's id, needed), ?round=, ?page= (from 1; 20 answers a page, newest first).</summary>
    private static async Task<IResult> ReadAsync(string id, string? question, string? round, string? page, HttpContext http, FreeTextAnswers answers, CancellationToken ct)
    {
        if (!TryRound(round, out var roundId)) return BadRound();
        var number = 1;
        if (!string.IsNullOrEmpty(page) && !int.TryParse(page, out number))
        {
            return Results.Problem(title: "Not a page number", detail: "?page= takes a whole number from 1.", statusCode: StatusCodes.Status400BadRequest);
        }
        var outcome = await answers.ReadAsync(id, question, roundId, number, http.User.AsActor(), ct);
        return Answer(outcome, p => Results.Ok(new
        {
            survey = p.SurveyId, question = p.QuestionId, round = p.RoundId, page = p.Page, pages = p.Pages, pageSize = p.PageSize, total = p.Total,
            answers = p.Answers.Select(a => new
            {
                id = a.Id, text = a.Text, at = a.At, channel = a.Channel.ToString().ToLowerInvariant(), themes = a.ThemeIds,
                quote = a.QuoteId, quoteStatus = a.QuoteStatus?.ToString().ToLowerInvariant(),
            }),
        }));
    }

    private static async Task<IResult> TagAsync(string id, long answerId, HttpContext http, AnswerTags tags, CancellationToken ct)
    {
        var (request, bad) = await ReadJsonAsync<TagRequest>(http.Request, "{ \"themes\": [ 1, 2 ] }", ct);
        if (bad is not null) return bad;
        if (request?.Themes is not { Length: > 0 } themes)
        {
            return Results.Problem(title: "Say which themes", detail: "Send { \"themes\": [ theme ids ] }; GET /api/surveys/{id}/themes lists them.", statusCode: StatusCodes.Status400BadRequest);
        }
        return Answer(await tags.TagAsync(id, answerId, themes, http.User.AsActor(), ct), t => Results.Ok(new { answer = answerId, themes = t }));
    }

    /// <summary>Every theme with how many written answers carry it; ?question= and ?round= narrow the count.</summary>
    private static async Task<IResult> ListThemesAsync(string id, string? question, string? round, ThemeBook book, AnswerTags tags, Store.Results.ResultsQuery results, CancellationToken ct)
    {
        if (!TryRound(round, out var roundId)) return BadRound();
        if (await results.DefinitionAsync(id, null, ct) is null) return StaffApi.NoSuchSurvey(id);
        var counts = await tags.CountAsync(id, string.IsNullOrWhiteSpace(question) ? null : question, roundId, null, ct);
        var themes = await book.ListAsync(id, ct);
        return Results.Ok(themes.Select(t => new { id = t.Id, name = t.Name, retired = t.Retired, answers = counts.FirstOrDefault(c => c.ThemeId == t.Id)?.Answers ?? 0 }));
    }

    private static IResult ThemeJson(Theme t) => Results.Ok(new { id = t.Id, name = t.Name, retired = t.Retired });

    /// <summary>An outcome as HTTP: 200 (or 201 when created), 404, 400, 409, each with a plain reason.</summary>
    public static IResult Answer<T>(FreeTextOutcome<T> outcome, Func<T, IResult> ok, Func<T, string>? created = null) => outcome.Status switch
    {
        FreeTextStatus.Created when created is not null => Results.Created(created(outcome.Value!), (ok(outcome.Value!) as IValueHttpResult)?.Value),
        FreeTextStatus.Done or FreeTextStatus.Created => ok(outcome.Value!),
        FreeTextStatus.NotFound => Results.Problem(title: "Not found", detail: outcome.Detail, statusCode: StatusCodes.Status404NotFound),
        FreeTextStatus.Conflict => Results.Problem(title: "Not now", detail: outcome.Detail, statusCode: StatusCodes.Status409Conflict),
        _ => Results.Problem(title: "The request has a problem", detail: outcome.Detail, statusCode: StatusCodes.Status400BadRequest),
    };

    private const string NameExample = "{ \"name\": \"Transport\" }";

    /// <summary>
    /// Reads a JSON body here rather than by binding, so a wrong body gets a reason ("send it like
    /// this") instead of the framework's empty 400. An empty body reads as null.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest http, string example, CancellationToken ct) where T : class
    {
        if (http.ContentLength is null or 0 && http.Headers.TransferEncoding.Count == 0) return (null, null);
        try
        {
            return (await http.ReadFromJsonAsync<T>(ct), null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, BadJson(example));
        }
        catch (InvalidOperationException)
        {
            return (null, Results.Problem(title: "Send JSON", detail: "Send the body with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
    }

    public static IResult BadJson(string example) =>
        Results.Problem(title: "Send JSON", detail: $"The body is not the JSON expected. Send it like this: {example}", statusCode: StatusCodes.Status400BadRequest);

    public static bool TryRound(string? text, out Guid? round)
    {
        round = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Guid.TryParse(text, out var parsed)) return false;
        round = parsed;
        return true;
    }

    public static IResult BadRound() =>
        Results.Problem(title: "Not a round id", detail: "?round= takes a round's id, as POST /api/rounds gave it.", statusCode: StatusCodes.Status400BadRequest);
}
