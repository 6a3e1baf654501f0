using System.Text.Json.Serialization;
using CoProduction.Bot.Accounts;
using CoProduction.Store.FreeText;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Quotes under /api/surveys/{id}/quotes: staff choose a written answer, edit out a name or number
/// or confirm with a reason, approve (then it is on the public page) and withdraw. Staff and the
/// board may list them; the list shows people's words, so each read is audited.
/// </summary>
public static class QuotesApi
{
    /// <param name="root">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static RouteGroupBuilder MapQuotesApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("/surveys/{id}/quotes");
        api.MapGet("", async (string id, HttpContext http, QuoteBook quotes, Store.Results.ResultsQuery results, CancellationToken ct) =>
        {
            if (await results.DefinitionAsync(id, null, ct) is null) return StaffApi.NoSuchSurvey(id);
            var list = await quotes.ListAsync(id, http.User.AsActor(), ct);
            return Results.Ok(list.Select(q => Json(q.Quote, q.Original)));
        }).RequireAuthorization(Policies.StaffOrBoard);

        api.MapPost("", async (string id, HttpContext http, QuoteBook quotes, CancellationToken ct) =>
        {
            var (request, bad) = await FreeTextApi.ReadJsonAsync<ProposeRequest>(http.Request, "{ \"answer\": 123 }", ct);
            if (bad is not null) return bad;
            if (request?.Answer is not { } answer)
            {
                return Results.Problem(title: "Say which answer", detail: "Send { \"answer\": <answer id> }, from GET /api/surveys/{id}/answers.", statusCode: StatusCodes.Status400BadRequest);
            }
            return FreeTextApi.Answer(await quotes.ProposeAsync(id, answer, http.User.AsActor(), ct), q => Results.Ok(Json(q, null)), created: q => $"/api/surveys/{id}/quotes/{q.Id}");
        }).RequireAuthorization(Policies.Staff);

        api.MapPut("/{quoteId:guid}", async (string id, Guid quoteId, HttpRequest http, QuoteBook quotes, CancellationToken ct) =>
        {
            var (request, bad) = await FreeTextApi.ReadJsonAsync<EditRequest>(http, "{ \"text\": \"[name] is the best carer\" }", ct);
            return bad ?? FreeTextApi.Answer(await quotes.EditAsync(id, quoteId, request?.Text, ct), q => Results.Ok(Json(q, null)));
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/{quoteId:guid}/approve", async (string id, Guid quoteId, HttpContext http, QuoteBook quotes, CancellationToken ct) =>
        {
            var (request, bad) = await FreeTextApi.ReadJsonAsync<ApproveRequest>(http.Request, "{ \"reason\": \"Biscuit is the centre's dog\" }, or nothing", ct);
            if (bad is not null) return bad;
            return FreeTextApi.Answer(await quotes.ApproveAsync(id, quoteId, request?.Reason, http.User.AsActor(), ct), q => Results.Ok(Json(q, null)));
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/{quoteId:guid}/withdraw", async (string id, Guid quoteId, QuoteBook quotes, CancellationToken ct) =>
            FreeTextApi.Answer(await quotes.WithdrawAsync(id, quoteId, ct), q => Results.Ok(Json(q, null)))).RequireAuthorization(Policies.Staff);
        return root;
    }

    public sealed record ProposeRequest([property: JsonPropertyName("answer")] long? Answer);

    public sealed record EditRequest([property: JsonPropertyName("text")] string? Text);

    public sealed record ApproveRequest([property: JsonPropertyName("reason")] string? Reason);

    /// <summary>A quote with what the check finds in its text now and a suggested edit; the person's own words only in lists (audited).</summary>
    private static object Json(Quote q, string? original)
    {
        var findings = PersonalDataCheck.Find(q.Text);
        return new
        {
            id = q.Id, answer = q.AnswerId, question = q.QuestionId, text = q.Text, original, edited = q.Edited,
            status = q.Status.ToString().ToLowerInvariant(),
            flags = q.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries),
            findings = findings.Select(f => new { kind = PersonalDataFinding.Name(f.Kind), text = f.Text }),
            suggestion = findings.Count > 0 ? PersonalDataCheck.Redact(q.Text) : null,
            reason = q.ConfirmReason, chosenBy = q.ChosenBy, approvedBy = q.ApprovedBy, approvedAt = q.ApprovedAt,
        };
    }
}
