using CoProduction.Bot.Accounts;
using CoProduction.Channels.Twilio;
using CoProduction.Store;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Loading.XlsForm;

namespace CoProduction.Bot.Staff;

/// <summary>The staff API under /api. Every endpoint needs a key (X-Api-Key) or a sign-in, with a role it names.</summary>
public static class StaffApi
{
    /// <summary>A survey file is a few kilobytes; anything over this is not one.</summary>
    public const int MaxSurveyFileBytes = 512 * 1024;

    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];
    public const string XlsFormType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <param name="api">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static IEndpointRouteBuilder MapStaffApi(this RouteGroupBuilder api)
    {

        api.MapGet("/surveys", async (SurveyLibrary library, CancellationToken ct) => Results.Ok(await library.ListAsync(ct))).RequireAuthorization(Policies.Read);
        api.MapPost("/surveys", UploadSurveyAsync).RequireAuthorization(Policies.Staff);
        api.MapPost("/surveys/{id}/publish", PublishAsync).RequireAuthorization(Policies.Staff);
        // Admins only: the outbox holds sign-in texts, which would let a reader sign in as a board member.
        api.MapGet("/outbox", async (IOutbox outbox, CancellationToken ct) =>
            Results.Ok((await outbox.ListAsync(ct)).Select(e => new { to = e.To, channel = e.Channel, body = e.Body, at = e.At }))).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<IResult> UploadSurveyAsync(HttpRequest request, SurveyLibrary library, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == XlsFormType)
        {
            if (request.ContentLength > MaxSurveyFileBytes) return TooBig();
            using var xlsx = new MemoryStream();
            await request.Body.CopyToAsync(xlsx, ct);
            if (xlsx.Length > MaxSurveyFileBytes) return TooBig();
            xlsx.Position = 0;
            var sheet = SurveyUploads.Spreadsheet(xlsx);
            if (!sheet.Succeeded) return FileProblems(sheet.Errors, "The spreadsheet has problems");
            return Created(await library.ImportAsync(sheet.Yaml!, ct));
        }
        if (mediaType is null || !YamlTypes.Contains(mediaType))
        {
            return Results.Problem(
                title: "Send a survey file",
                detail: "Send the survey as a YAML file with Content-Type: application/yaml.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > MaxSurveyFileBytes)
        {
            return TooBig();
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxSurveyFileBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, ct);
        if (read > MaxSurveyFileBytes) return TooBig();
        var yaml = new string(buffer, 0, read);

        return Created(await library.ImportAsync(yaml, ct));
    }

    private static IResult Created(SurveyImportResult result) =>
        result.Succeeded
            ? Results.Created($"/api/surveys/{result.SurveyId}", new { id = result.SurveyId, version = result.Version })
            : FileProblems(result.Errors, "The survey file has problems");

    /// <summary>For a spreadsheet, "line" is the row number.</summary>
    private static IResult FileProblems(IReadOnlyList<SurveyFileError> errors, string title) =>
        Results.Problem(
            title: title,
            detail: string.Join(" ", errors.Select(e => e.ToString())),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { line = e.Line, field = e.Field, message = e.Message }).ToList(),
            });

    private static async Task<IResult> PublishAsync(string id, SurveyLibrary library, CancellationToken ct)
    {
        var result = await library.PublishAsync(id, ct);
        return result.Status switch
        {
            PublishStatus.Published => Results.Ok(new { id, version = result.Version }),
            PublishStatus.NotFound => NoSuchSurvey(id),
            _ => Results.Problem(title: "Not ready to publish", detail: result.Reason, statusCode: StatusCodes.Status409Conflict),
        };
    }

    public static IResult NoSuchSurvey(string id) =>
        Results.Problem(title: "No such survey", detail: $"There is no survey with the id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static IResult TooBig() =>
        Results.Problem(
            title: "File too big",
            detail: $"A survey file can be at most {MaxSurveyFileBytes / 1024} KB. This one is bigger.",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
