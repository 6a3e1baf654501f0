using CoProduction.Scheduling.People;
using CoProduction.Scheduling.Rounds;

namespace CoProduction.Bot.Staff;

/// <summary>People and rounds under /api: the same staff key or sign-in as the rest of the API.</summary>
public static class SchedulingApi
{
    /// <summary>
    /// About 2,000,000 people with every column (a million with six columns is 67 MB). The file is
    /// read as it arrives and never held whole, so the limit is only how long one upload may run.
    /// </summary>
    public const long MaxPeopleFileBytes = 256L * 1024 * 1024;

    /// <param name="api">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static IEndpointRouteBuilder MapSchedulingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/people", ImportPeopleAsync);
        api.MapOptOutApi();
        api.MapPost("/rounds", CreateRoundAsync);
        api.MapGet("/rounds", async (RoundPlanner rounds, CancellationToken ct) => Results.Ok(await rounds.ListAsync(ct)));
        api.MapGet("/rounds/{id:guid}", async (Guid id, RoundPlanner rounds, CancellationToken ct) =>
            await rounds.ProgressAsync(id, ct) is { } progress ? Results.Ok(progress) : NoSuchRound());
        api.MapPost("/rounds/{id:guid}/close", async (Guid id, RoundPlanner rounds, CancellationToken ct) =>
            await rounds.CloseAsync(id, ct) ? Results.Ok(await rounds.ProgressAsync(id, ct)) : NoSuchRound());
        return api;
    }

    private static async Task<IResult> ImportPeopleAsync(HttpRequest request, PeopleImporter importer, bool? partial, CancellationToken ct)
    {
        if (request.ContentLength > MaxPeopleFileBytes)
        {
            return Results.Problem(title: "File too big", detail: $"A people file can be at most {MaxPeopleFileBytes / 1024 / 1024} MB. Split it into smaller files.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        using var reader = new StreamReader(request.Body);
        // Read as it arrives: a large file is never held whole.
        var result = await importer.ImportAsync(reader, partial == true, ct);
        if (result.Errors.Count > 0 && result.Imported + result.Updated == 0)
        {
            // Nothing was written: a refusal, with every bad line and its reason, as on the People page.
            return Results.Problem(title: "The people file has problems", statusCode: StatusCodes.Status400BadRequest,
                detail: $"Nothing was imported. {result.Errors.Count} line(s) need fixing, starting with line {result.Errors[0].Line}: {result.Errors[0].Reason}",
                extensions: new Dictionary<string, object?> { ["imported"] = 0, ["updated"] = 0, ["errors"] = result.Errors.Select(e => new { line = e.Line, reason = e.Reason }) });
        }
        return Results.Ok(ToJson(result));
    }

    public static object ToJson(PeopleImportResult result) => new
    {
        imported = result.Imported,
        updated = result.Updated,
        errors = result.Errors.Select(e => new { line = e.Line, reason = e.Reason }),
    };

    private static async Task<IResult> CreateRoundAsync(RoundRequest? request, RoundLauncher launcher, CancellationToken ct)
    {
        if (request is null) return Results.Problem(title: "Send the round as JSON", statusCode: StatusCodes.Status400BadRequest);
        var created = await launcher.LaunchAsync(request, ct);
        if (!created.Succeeded)
        {
            return Results.Problem(title: "The round has problems", detail: string.Join(" ", created.Problems), statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = created.Problems });
        }
        return Results.Created($"/api/rounds/{created.Id}", new { id = created.Id });
    }

    private static IResult NoSuchRound() =>
        Results.Problem(title: "No such round", detail: "There is no round with that id.", statusCode: StatusCodes.Status404NotFound);
}
