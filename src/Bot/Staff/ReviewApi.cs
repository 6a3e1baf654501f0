using CoProduction.Store;
using CoProduction.Bot.Accounts;
using CoProduction.Channels.Twilio;
using CoProduction.Store.Board;
using Microsoft.Extensions.Options;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.XlsForm;
using CoProduction.Surveys.Review;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Co-production under /api: the board, review checks, approvals, proposals, votes, comments,
/// pilots and flags, word lists, XLSForm export. Each endpoint names the roles it is for; board
/// actions are taken as the member behind the credential, never one named in the body.
/// </summary>
public static class ReviewApi
{
    public sealed record MemberBody(string? Name, string? Role, string? Phone);
    public sealed record MemberRef(Guid? Member);
    public sealed record ProposalBody(string? Question, string? Language, string? Variant, string? Text);
    public sealed record CommentBody(string? Text, string? Question, long? Proposal);
    public sealed record FlagBody(string? Question, string? Channel, string? Note);
    public sealed record PilotBody(string? Channel, string? Address);
    public sealed record WordListBody(string? List, string? Phrase, string? Instead);

    /// <param name="api">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static IEndpointRouteBuilder MapReviewApi(this RouteGroupBuilder api)
    {

        api.MapPost("/board", async (MemberBody body, BoardInvitations invitations, HttpRequest request, IOptionsMonitor<TwilioOptions> twilio, FieldLimits limits, CoProduction.Store.Accounts.AuditLog audit, CancellationToken ct) =>
        {
            var (role, _, problem) = BoardInvitations.Check(body.Name, body.Role, limits);
            if (problem is not null) return Bad(problem);
            var invited = await invitations.InviteAsync(body.Name!, role, body.Phone, PublicBase(request, twilio.CurrentValue), ct);
            if (invited.Member is not { } member)
                return invited.Conflict
                    ? Results.Problem(title: "Already a member", detail: invited.Problem, statusCode: StatusCodes.Status409Conflict)
                    : Bad(invited.Problem!);
            // A member with a phone gets an account with the board role: a role given, so audited.
            if (member.AccountId is { } account)
                await audit.RecordAsync(CoProduction.Store.Accounts.AuditActions.AccountCreated, request.HttpContext.User.ActorName(), account, $"{member.Name}, role board ({role.ToName()})", ct);
            return Results.Created($"/api/board/{member.Id}", new
            {
                id = member.Id, name = member.Name, role = role.ToName(), account = member.AccountId,
                texted = invited.Text == TextSignInSend.Sent,
            });
        }).RequireAuthorization(Policies.Staff);
        api.MapGet("/board", async (ReviewBoard board, CancellationToken ct) =>
            Results.Ok((await board.MembersAsync(ct)).Select(m => new { id = m.Id, name = m.Name, role = m.Role.ToName(), joinedAt = m.JoinedAt, canSignIn = m.AccountId is not null })))
            .RequireAuthorization(Policies.Read);

        api.MapGet("/surveys/{id}/review", async (string id, ReviewSheet sheet, CancellationToken ct) =>
            await sheet.GetAsync(id, ct) is { } view ? Results.Ok(Project(view)) : NoSurvey(id)).RequireAuthorization(Policies.Read);
        api.MapGet("/surveys/{id}/history", async (string id, ReviewBoard board, CancellationToken ct) =>
            Results.Ok((await board.HistoryAsync(id, ct)).Select(e => new { version = e.Version, member = e.MemberId, action = e.Action, detail = e.Detail, at = e.At })))
            .RequireAuthorization(Policies.Read);
        api.MapGet("/surveys/{id}/xlsform", async (string id, ReviewBoard board, CancellationToken ct) =>
        {
            var state = await board.StateAsync(id, ct);
            if (state.Status != BoardOutcomeStatus.Ok) return NoSurvey(id);
            var definition = await board.DefinitionAsync(id, state.Value!.Version, ct);
            return Results.File(XlsFormWriter.Write(definition), StaffApi.XlsFormType, $"{id}-v{state.Value.Version}.xlsx");
        }).RequireAuthorization(Policies.Read);

        // Naming the owner is a staff decision about a member, not an act as them.
        api.MapPost("/surveys/{id}/owner", async (string id, MemberRef body, ReviewBoard board, CancellationToken ct) =>
            body.Member is not { } m ? Bad("Say which board member owns the survey: { \"member\": \"<board member id>\" }.") : Answer(await board.SetOwnerAsync(id, m, ct), owner => new { owner }))
            .RequireAuthorization(Policies.Staff);
        api.MapPost("/surveys/{id}/submit", async (string id, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.SubmitAsync(id, (await CurrentMember.FindAsync(http, board, ct))?.Id, ct), Approval))
            .RequireAuthorization(Policies.StaffOrBoard);
        api.MapPost("/surveys/{id}/approvals", (string id, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, m => Answer(board.ApproveAsync(id, m, ct), Approval)))
            .RequireAuthorization(Policies.Board);
        api.MapGet("/surveys/{id}/approvals", async (string id, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.StateAsync(id, ct), Approval)).RequireAuthorization(Policies.Read);
        api.MapPost("/surveys/{id}/retire", async (string id, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.RetireAsync(id, (await CurrentMember.FindAsync(http, board, ct))?.Id, ct), status => new { id, status }))
            .RequireAuthorization(Policies.Staff);

        api.MapPost("/surveys/{id}/proposals", (string id, ProposalBody body, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, async m =>
            {
                if (string.IsNullOrWhiteSpace(body.Question)) return Bad("Name the question the wording is for (\"question\": \"happy\").");
                var outcome = await board.ProposeAsync(id, body.Question, body.Language, body.Variant, body.Text ?? "", m, ct);
                return outcome.Status == BoardOutcomeStatus.Ok
                    ? Results.Created($"/api/proposals/{outcome.Value!.Id}", new { id = outcome.Value.Id })
                    : await Answer(Task.FromResult(outcome), p => p);
            })).RequireAuthorization(Policies.Board);
        api.MapPost("/proposals/{id:long}/votes", (long id, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, m => Answer(board.VoteAsync(id, m, ct), votes => new { proposal = id, votes })))
            .RequireAuthorization(Policies.Board);
        api.MapPost("/proposals/{id:long}/accept", (long id, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, m => Answer(board.AcceptAsync(id, m, ct), version => new { proposal = id, version })))
            .RequireAuthorization(Policies.Board);
        api.MapPost("/surveys/{id}/comments", (string id, CommentBody body, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, async m =>
            {
                var outcome = await board.CommentAsync(id, m, body.Text ?? "", body.Question, body.Proposal, ct);
                return outcome.Status == BoardOutcomeStatus.Ok ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id }) : await Answer(Task.FromResult(outcome), c => c);
            })).RequireAuthorization(Policies.Board);

        api.MapPost("/surveys/{id}/flags", (string id, FlagBody body, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, async m =>
            {
                if (string.IsNullOrWhiteSpace(body.Question)) return Bad("Name the question that was confusing.");
                if (!ChannelNames.TryParse(body.Channel ?? "web", out var channel)) return Bad("The channel must be sms, voice or web.");
                var outcome = await board.FlagAsync(id, body.Question, channel, m, body.Note, ct);
                return outcome.Status == BoardOutcomeStatus.Ok ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id }) : await Answer(Task.FromResult(outcome), f => f);
            })).RequireAuthorization(Policies.Board);
        api.MapPost("/surveys/{id}/pilots", (string id, PilotBody body, HttpContext http, ReviewBoard board, CancellationToken ct) =>
            AsMember(http, board, ct, async m =>
            {
                if (!ChannelNames.TryParse(body.Channel, out var channel)) return Bad("The channel must be sms, voice or web.");
                var outcome = await board.StartPilotAsync(id, m, channel, body.Address ?? "", ct);
                return outcome.Status == BoardOutcomeStatus.Ok
                    ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id, version = outcome.Value.Version })
                    : await Answer(Task.FromResult(outcome), p => p);
            })).RequireAuthorization(Policies.Board);

        api.MapGet("/word-lists", async (WordListStore lists, CancellationToken ct) =>
            Results.Ok((await lists.ListAsync(ct)).Select(e => new { id = e.Id, list = e.Kind.ToString().ToLowerInvariant(), phrase = e.Phrase, instead = e.Instead })))
            .RequireAuthorization(Policies.Read);
        api.MapPost("/word-lists", async (WordListBody body, HttpContext http, ReviewBoard board, WordListStore lists, FieldLimits limits, CancellationToken ct) =>
        {
            var maxPhrase = limits.MaxLength<WordListEntry>(nameof(WordListEntry.Phrase))!.Value;
            if (!Enum.TryParse<WordListKind>(body.List, ignoreCase: true, out var kind)) return Bad("The list must be jargon or stigmatising.");
            if (string.IsNullOrWhiteSpace(body.Phrase) || body.Phrase.Length > maxPhrase) return Bad($"Give the word or phrase (up to {maxPhrase} characters).");
            // Checked before the store is touched: the first edit copies the default lists in.
            var maxInstead = limits.MaxLength<WordListEntry>(nameof(WordListEntry.Instead))!.Value;
            if (body.Instead?.Trim().Length > maxInstead) return Bad($"Say what to write instead in up to {maxInstead} characters.");
            var entry = await lists.AddAsync(kind, body.Phrase, body.Instead, (await CurrentMember.FindAsync(http, board, ct))?.Id, ct);
            return Results.Created("/api/word-lists", new { id = entry.Id });
        }).RequireAuthorization(Policies.StaffOrBoard);
        api.MapDelete("/word-lists/{id:long}", async (long id, WordListStore lists, CancellationToken ct) =>
            await lists.RemoveAsync(id, ct) ? Results.NoContent() : Results.Problem(title: "Not found", detail: $"There is no word list entry {id}.", statusCode: 404))
            .RequireAuthorization(Policies.StaffOrBoard);
        return api;
    }

    /// <summary>Runs a board action as the member behind the credential; 403 when there is none.</summary>
    private static async Task<IResult> AsMember(HttpContext http, ReviewBoard board, CancellationToken ct, Func<Guid, Task<IResult>> action) =>
        await CurrentMember.FindAsync(http, board, ct) is { } member ? await action(member.Id) : CurrentMember.NotAMember();

    /// <summary>Where links we text should point: Twilio:PublicBaseUrl, else the address this request came to.</summary>
    public static string PublicBase(HttpRequest request, TwilioOptions twilio) =>
        !string.IsNullOrWhiteSpace(twilio.PublicBaseUrl) ? twilio.PublicBaseUrl : $"{request.Scheme}://{request.Host}";

    private static object Approval(ApprovalState s) => new
    {
        version = s.Version, approvals = s.Approvals, needed = s.Needed, approved = s.Approved, stage = s.Stage, waiting = s.Waiting,
    };

    /// <summary>Enums as their names, so the JSON reads the same as the README.</summary>
    private static object Project(ReviewSheetView v) => new
    {
        surveyId = v.SurveyId, title = v.Title, version = v.Version, stage = v.Stage, owner = v.Owner,
        approval = Approval(v.Approval), approvals = v.Approvals, comments = v.SurveyComments,
        questions = v.Questions.Select(q => new
        {
            id = q.Id, type = q.Type,
            languages = q.Languages.Select(l => new
            {
                language = l.Language,
                channels = l.Wordings.Select(w => new
                {
                    channel = w.Kind.ToName(), text = w.Text, readingEase = w.ReadingEase, grade = w.Grade, words = w.Words, sentences = w.Sentences,
                    smsEncoding = w.SmsEncoding, smsSegments = w.SmsSegments, smsCharacters = w.SmsCharacters, voiceSeconds = w.VoiceSeconds,
                    findings = w.Findings,
                }),
            }),
            proposals = q.Proposals, comments = q.Comments, flags = q.Flags,
        }),
    };

    private static async Task<IResult> Answer<T>(Task<BoardOutcome<T>> outcome, Func<T, object?> ok) => Answer(await outcome, ok);

    private static IResult Answer<T>(BoardOutcome<T> outcome, Func<T, object?> ok) => outcome.Status switch
    {
        BoardOutcomeStatus.Ok => Results.Ok(ok(outcome.Value!)),
        BoardOutcomeStatus.NotFound => Results.Problem(title: "Not found", detail: outcome.Reason, statusCode: StatusCodes.Status404NotFound),
        BoardOutcomeStatus.Refused => Results.Problem(title: "Not allowed now", detail: outcome.Reason, statusCode: StatusCodes.Status409Conflict),
        _ => Bad(outcome.Reason),
    };

    private static IResult Bad(string detail) => Results.Problem(title: "Please check the request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
    private static IResult NoSurvey(string id) =>
        Results.Problem(title: "No such survey", detail: $"There is no survey with the id '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
