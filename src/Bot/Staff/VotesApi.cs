using System.Text.Json;
using CoProduction.Bot.Accounts;
using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Votes;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Quick votes under /api: POST /api/votes makes one (and opens it at once when the board's
/// approval rule allows), POST /api/votes/{id}/open opens one the board has since approved,
/// GET /api/votes/{id} shows where it is and the whole counts (staff and the board only).
/// </summary>
public static class VotesApi
{
    /// <param name="root">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static RouteGroupBuilder MapVotesApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("/votes");
        api.MapPost("", CreateAsync).RequireAuthorization(Policies.StaffOrBoard);
        api.MapPost("/{id:guid}/open", async (Guid id, QuickVotes votes, IBackgroundJobClient jobs, SendNow sendNow, CancellationToken ct) =>
        {
            var opening = await OpenAsync(id, votes, jobs, sendNow, ct);
            if (!opening.Found) return NoSuchVote();
            if (opening.Round is null) return Results.Problem(title: "The vote cannot open yet", detail: opening.Waiting, statusCode: StatusCodes.Status409Conflict);
            return Results.Ok(await votes.GetAsync(id, ct));
        }).RequireAuthorization(Policies.StaffOrBoard);
        api.MapGet("/{id}", async (string id, QuickVotes votes, CancellationToken ct) =>
            Guid.TryParse(id, out var guid) && await votes.GetAsync(guid, ct) is { } state ? Results.Ok(state) : NoSuchVote())
            .RequireAuthorization(Policies.Read);
        return root;
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, QuickVotes votes, IBackgroundJobClient jobs, SendNow sendNow, CancellationToken ct)
    {
        if (!http.HasJsonContentType())
        {
            return Results.Problem(title: "Send JSON", detail: "Send the vote with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        VoteRequest? request;
        try { request = await http.ReadFromJsonAsync<VoteRequest>(ct); }
        catch (JsonException e)
        {
            // The path ("$.cy.options[1]") names the part with the wrong kind of value; never the value itself.
            var where = e.Path is { Length: > 2 } path ? $" Look at \"{path[2..]}\": it has the wrong kind of value there." : "";
            return Results.Problem(title: "The vote is not valid JSON", statusCode: StatusCodes.Status400BadRequest,
                detail: "Send { \"question\": \"Which colour for the lounge?\", \"options\": [\"Blue\", \"Green\"], \"groups\": [\"lounge\"], \"closes\": \"2026-03-14T17:00:00Z\" }, "
                        + "and for people who read Welsh, if you like, \"cy\": { \"question\": \"Pa liw i'r lolfa?\", \"options\": [\"Glas\", \"Gwyrdd\"] }." + where);
        }
        if (request is null) return Results.Problem(title: "Send the vote as JSON", detail: "The body was empty or null: send the vote as a JSON object.", statusCode: StatusCodes.Status400BadRequest);
        var created = await votes.CreateAsync(request, ct);
        if (!created.Succeeded)
        {
            return Results.Problem(title: "The vote has problems", detail: string.Join(" ", created.Problems), statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = created.Problems });
        }
        var id = created.Id!.Value;
        // Opens now when the approval rule allows; otherwise it waits for the board.
        await OpenAsync(id, votes, jobs, sendNow, ct, JobQueueRefusedException.VoteSavedNotOpened(id));
        return Results.Created($"/api/votes/{id}", new { id });
    }

    /// <summary>
    /// The one request that opened the vote queues its invitations, a send now, and its closing.
    /// When the job queue refuses, the opening is taken back and the refusal says so in plain words
    /// (a 503 from <see cref="Hosting.JobQueueRefusedHandler"/>): a vote is never left open with
    /// nobody asked and no closing to come.
    /// </summary>
    private static async Task<VoteOpening> OpenAsync(Guid id, QuickVotes votes, IBackgroundJobClient jobs, SendNow sendNow, CancellationToken ct, string refused = JobQueueRefusedException.VoteNotOpened)
    {
        var opening = await votes.OpenAsync(id, ct);
        if (!opening.JustOpened || opening.Round is not { } round) return opening;
        var closes = (await votes.GetAsync(id, ct))!.Closes;
        string making;
        try
        {
            making = jobs.Enqueue<RoundInvitationsJob>(j => j.RunAsync(round, CancellationToken.None));
            jobs.Schedule<VoteClosingJob>(j => j.RunAsync(id, CancellationToken.None), closes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A queued invitations job with no closing would still send: both, or the opening goes.
            await votes.TakeBackOpeningAsync(id, round, CancellationToken.None);
            throw new JobQueueRefusedException(refused, e);
        }
        sendNow.After(making, "Round", round);
        return opening;
    }

    private static IResult NoSuchVote() =>
        Results.Problem(title: "No such vote", detail: "There is no vote with that id.", statusCode: StatusCodes.Status404NotFound);
}
