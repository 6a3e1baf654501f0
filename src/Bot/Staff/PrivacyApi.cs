using CoProduction.Bot.Accounts;
using CoProduction.Store.Privacy;

namespace CoProduction.Bot.Staff;

/// <summary>
/// A person's rights under /api, for staff: everything held about them (a subject access request)
/// and erasing them. Both are written in the audit log with who asked.
/// </summary>
public static class PrivacyApi
{
    /// <param name="root">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("/people/{id}");

        api.MapGet("/record", async (string id, HttpContext http, PersonRecords records, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var personId)) return NotAnId();
            return await records.GatherAsync(personId, http.User.ActorName(), ct) is { } record
                ? Results.Json(record, statusCode: 200, contentType: "application/json; charset=utf-8")
                : NoPerson();
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/erasure", async (string id, HttpContext http, PersonEraser eraser, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var personId)) return NotAnId();
            var outcome = await eraser.EraseAsync(personId, http.User.ActorName(), ct);
            return outcome.Status switch
            {
                ErasureStatus.NotFound => NoPerson(),
                ErasureStatus.AlreadyErased => Results.Ok(new { id = personId, erased = true, already = true }),
                _ => Results.Ok(new
                {
                    id = personId, erased = true, already = false,
                    answers = outcome.Answers, answersWere = outcome.AnswersDeleted ? "deleted" : "kept-anonymous",
                }),
            };
        }).RequireAuthorization(Policies.Staff);
        return root;
    }

    private static IResult NotAnId() =>
        Results.Problem(title: "Not a person id", detail: "Use the person's id, like 0190c7a2-5b1e-7c3d-8e4f-123456789abc.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult NoPerson() =>
        Results.Problem(title: "No such person", detail: "There is nobody with that id.", statusCode: StatusCodes.Status404NotFound);
}
