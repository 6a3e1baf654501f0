using System.Text.Json;
using System.Text.Json.Serialization;
using CoProduction.Bot.Accounts;
using CoProduction.Store.Results;

namespace CoProduction.Bot.Staff;

/// <summary>
/// /api/results/disclosure: the disclosure thresholds in force for everything public. Everyone
/// signed in reads them; the board (or an admin) raises them, never lowers them.
/// </summary>
public static class DisclosureApi
{
    public sealed record RaiseRequest(
        [property: JsonPropertyName("minimumGroup")] int? MinimumGroup,
        [property: JsonPropertyName("smallCount")] int? SmallCount);

    public static RouteGroupBuilder MapDisclosureApi(this RouteGroupBuilder root)
    {
        root.MapGet("/results/disclosure", async (DisclosureSettings settings, CancellationToken ct) => Results.Ok(Body(await settings.CurrentAsync(ct))))
            .RequireAuthorization(Policies.Read);
        root.MapPut("/results/disclosure", RaiseAsync).RequireAuthorization(Policies.BoardOrAdmin);
        return root;
    }

    private static async Task<IResult> RaiseAsync(HttpRequest http, DisclosureSettings settings, CancellationToken ct)
    {
        if (!http.HasJsonContentType())
        {
            return Results.Problem(title: "Send JSON", detail: "Send the thresholds with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        RaiseRequest? request;
        try { request = await http.ReadFromJsonAsync<RaiseRequest>(ct); }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null || (request.MinimumGroup is null && request.SmallCount is null))
        {
            return Results.Problem(title: "Send the thresholds as JSON", statusCode: StatusCodes.Status400BadRequest,
                detail: "Send { \"minimumGroup\": 15, \"smallCount\": 5 }: whole numbers, either or both.");
        }
        var outcome = await settings.RaiseAsync(request.MinimumGroup, request.SmallCount, http.HttpContext.User.ActorName(), http.HttpContext.User.AccountId(), ct);
        if (outcome.Status == RaiseStatus.Refused)
        {
            var problems = outcome.Problems.Select(p => p.Message).ToList();
            return Results.Problem(title: "The thresholds can only be raised", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = problems });
        }
        return Results.Ok(Body(outcome.Thresholds));
    }

    private static object Body(DisclosureThresholds t) => new
    {
        minimumGroup = t.MinimumGroup,
        smallCount = t.SmallCount,
        configured = new { minimumGroup = t.ConfiguredMinimumGroup, smallCount = t.ConfiguredSmallCount },
        raisedAt = t.RaisedAt,
    };
}
