using CoProduction.Store.Board;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.XlsForm;
using CoProduction.Surveys.Review;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Co-production under /api: the board, review checks, approvals, proposals, votes, comments,
/// pilots and flags, word lists, XLSForm export. Same key or staff sign-in as the staff API.
/// </summary>
public static class ReviewApi
{
    public sealed record MemberBody(string? Name, string? Role);
    public sealed record MemberRef(Guid? Member);
    public sealed record ProposalBody(Guid? Member, string? Question, string? Language, string? Variant, string? Text);
    public sealed record CommentBody(Guid? Member, string? Text, string? Question, long? Proposal);
    public sealed record FlagBody(Guid? Member, string? Question, string? Channel, string? Note);
    public sealed record PilotBody(Guid? Member, string? Channel, string? Address);
    public sealed record WordListBody(string? List, string? Phrase, string? Instead, Guid? Member);

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();

        api.MapPost("/board", async (MemberBody body, ReviewBoard board, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200)
                return Bad("Give the member's name (up to 200 characters).");
            if (!BoardRoles.TryParse(body.Role, out var role))
                return Bad("The role must be expert-by-experience, peer-researcher, family-carer or staff.");
            var member = await board.AddMemberAsync(body.Name, role, ct);
            return Results.Created($"/api/board/{member.Id}", new { id = member.Id, name = member.Name, role = role.ToName() });
        });
        api.MapGet("/board", async (ReviewBoard board, CancellationToken ct) =>
            Results.Ok((await board.MembersAsync(ct)).Select(m => new { id = m.Id, name = m.Name, role = m.Role.ToName(), joinedAt = m.JoinedAt })));

        api.MapGet("/surveys/{id}/review", async (string id, ReviewSheet sheet, CancellationToken ct) =>
            await sheet.GetAsync(id, ct) is { } view ? Results.Ok(Project(view)) : NoSurvey(id));
        api.MapGet("/surveys/{id}/history", async (string id, ReviewBoard board, CancellationToken ct) =>
            Results.Ok((await board.HistoryAsync(id, ct)).Select(e => new { version = e.Version, member = e.MemberId, action = e.Action, detail = e.Detail, at = e.At })));
        api.MapGet("/surveys/{id}/xlsform", async (string id, ReviewBoard board, CancellationToken ct) =>
        {
            var state = await board.StateAsync(id, ct);
            if (state.Status != BoardOutcomeStatus.Ok) return NoSurvey(id);
            var definition = await board.DefinitionAsync(id, state.Value!.Version, ct);
            return Results.File(XlsFormWriter.Write(definition), StaffApi.XlsFormType, $"{id}-v{state.Value.Version}.xlsx");
        });

        api.MapPost("/surveys/{id}/owner", async (string id, MemberRef body, ReviewBoard board, CancellationToken ct) =>
            body.Member is not { } m ? NeedMember() : Answer(await board.SetOwnerAsync(id, m, ct), owner => new { owner }));
        api.MapPost("/surveys/{id}/submit", async (string id, MemberRef? body, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.SubmitAsync(id, body?.Member, ct), Approval));
        api.MapPost("/surveys/{id}/approvals", async (string id, MemberRef body, ReviewBoard board, CancellationToken ct) =>
            body.Member is not { } m ? NeedMember() : Answer(await board.ApproveAsync(id, m, ct), Approval));
        api.MapGet("/surveys/{id}/approvals", async (string id, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.StateAsync(id, ct), Approval));
        api.MapPost("/surveys/{id}/retire", async (string id, MemberRef? body, ReviewBoard board, CancellationToken ct) =>
            Answer(await board.RetireAsync(id, body?.Member, ct), status => new { id, status }));

        api.MapPost("/surveys/{id}/proposals", async (string id, ProposalBody body, ReviewBoard board, CancellationToken ct) =>
        {
            if (body.Member is not { } m) return NeedMember();
            if (string.IsNullOrWhiteSpace(body.Question)) return Bad("Name the question the wording is for (\"question\": \"happy\").");
            var outcome = await board.ProposeAsync(id, body.Question, body.Language, body.Variant, body.Text ?? "", m, ct);
            return outcome.Status == BoardOutcomeStatus.Ok
                ? Results.Created($"/api/proposals/{outcome.Value!.Id}", new { id = outcome.Value.Id })
                : Answer(outcome, p => p);
        });
        api.MapPost("/proposals/{id:long}/votes", async (long id, MemberRef body, ReviewBoard board, CancellationToken ct) =>
            body.Member is not { } m ? NeedMember() : Answer(await board.VoteAsync(id, m, ct), votes => new { proposal = id, votes }));
        api.MapPost("/proposals/{id:long}/accept", async (long id, MemberRef body, ReviewBoard board, CancellationToken ct) =>
            body.Member is not { } m ? NeedMember() : Answer(await board.AcceptAsync(id, m, ct), version => new { proposal = id, version }));
        api.MapPost("/surveys/{id}/comments", async (string id, CommentBody body, ReviewBoard board, CancellationToken ct) =>
        {
            if (body.Member is not { } m) return NeedMember();
            var outcome = await board.CommentAsync(id, m, body.Text ?? "", body.Question, body.Proposal, ct);
            return outcome.Status == BoardOutcomeStatus.Ok ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id }) : Answer(outcome, c => c);
        });

        api.MapPost("/surveys/{id}/flags", async (string id, FlagBody body, ReviewBoard board, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Question)) return Bad("Name the question that was confusing.");
            if (!ChannelNames.TryParse(body.Channel ?? "web", out var channel)) return Bad("The channel must be sms, voice or web.");
            var outcome = await board.FlagAsync(id, body.Question, channel, body.Member, body.Note, ct);
            return outcome.Status == BoardOutcomeStatus.Ok ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id }) : Answer(outcome, f => f);
        });
        api.MapPost("/surveys/{id}/pilots", async (string id, PilotBody body, ReviewBoard board, CancellationToken ct) =>
        {
            if (body.Member is not { } m) return NeedMember();
            if (!ChannelNames.TryParse(body.Channel, out var channel)) return Bad("The channel must be sms, voice or web.");
            var outcome = await board.StartPilotAsync(id, m, channel, body.Address ?? "", ct);
            return outcome.Status == BoardOutcomeStatus.Ok
                ? Results.Created($"/api/surveys/{id}/review", new { id = outcome.Value!.Id, version = outcome.Value.Version })
                : Answer(outcome, p => p);
        });

        api.MapGet("/word-lists", async (WordListStore lists, CancellationToken ct) =>
            Results.Ok((await lists.ListAsync(ct)).Select(e => new { id = e.Id, list = e.Kind.ToString().ToLowerInvariant(), phrase = e.Phrase, instead = e.Instead })));
        api.MapPost("/word-lists", async (WordListBody body, WordListStore lists, CancellationToken ct) =>
        {
            if (!Enum.TryParse<WordListKind>(body.List, ignoreCase: true, out var kind)) return Bad("The list must be jargon or stigmatising.");
            if (string.IsNullOrWhiteSpace(body.Phrase) || body.Phrase.Length > 100) return Bad("Give the word or phrase (up to 100 characters).");
            var entry = await lists.AddAsync(kind, body.Phrase, body.Instead, body.Member, ct);
            return Results.Created("/api/word-lists", new { id = entry.Id });
        });
        api.MapDelete("/word-lists/{id:long}", async (long id, WordListStore lists, CancellationToken ct) =>
            await lists.RemoveAsync(id, ct) ? Results.NoContent() : Results.Problem(title: "Not found", detail: $"There is no word list entry {id}.", statusCode: 404));
        return app;
    }

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

    private static IResult Answer<T>(BoardOutcome<T> outcome, Func<T, object?> ok) => outcome.Status switch
    {
        BoardOutcomeStatus.Ok => Results.Ok(ok(outcome.Value!)),
        BoardOutcomeStatus.NotFound => Results.Problem(title: "Not found", detail: outcome.Reason, statusCode: StatusCodes.Status404NotFound),
        BoardOutcomeStatus.Refused => Results.Problem(title: "Not allowed now", detail: outcome.Reason, statusCode: StatusCodes.Status409Conflict),
        _ => Bad(outcome.Reason),
    };

    private static IResult Bad(string detail) => Results.Problem(title: "Please check the request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
    private static IResult NeedMember() => Bad("Say which board member this is: { \"member\": \"<board member id>\" }.");
    private static IResult NoSurvey(string id) =>
        Results.Problem(title: "No such survey", detail: $"There is no survey with the id '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
