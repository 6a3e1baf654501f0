using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using CoProduction.Store.Board;
using CoProduction.Surveys.Review;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Accounts;

/// <summary>Accounts and API keys under /api: who am I, staff accounts and their roles, named keys.</summary>
public static class AccountsApi
{
    public sealed record AccountBody(string? Email, string? Name, string? Role, string? Password);
    public sealed record RoleBody(string? Role);
    public sealed record KeyBody(string? Name, string? Role);

    /// <param name="api">The one /api group (<see cref="ApiGroup"/>): its key check and antiforgery rule apply here.</param>
    public static IEndpointRouteBuilder MapAccountsApi(this RouteGroupBuilder api)
    {

        api.MapGet("/me", async (HttpContext http, ReviewBoard board, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            var member = await CurrentMember.FindAsync(http, board, ct);
            var byCookie = http.User.Identity?.AuthenticationType != ApiKeyAuthentication.SchemeName;
            return Results.Ok(new
            {
                name = http.User.DisplayName(),
                roles = AccountRoles.All.Where(http.User.IsInRole).ToList(),
                account = http.User.AccountId(),
                member = member is null ? null : new { id = member.Id, name = member.Name, role = member.Role.ToName() },
                // A signed-in browser sends this back in the RequestVerificationToken header.
                antiforgery = byCookie ? antiforgery.GetAndStoreTokens(http).RequestToken : null,
            });
        }).RequireAuthorization(Policies.Read);

        api.MapGet("/accounts", async (StoreDbContext db, CancellationToken ct) =>
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
            var accounts = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
            return Results.Ok(accounts.Select(a => new
            {
                id = a.Id, name = a.DisplayName, email = a.Email, hasPhone = a.PhoneNumber is not null,
                roles = roles.Where(r => r.UserId == a.Id).Select(r => r.Name).ToList(), lockedOut = a.LockoutEnd > DateTimeOffset.UtcNow,
            }));
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/audit", async (string? what, string? who, int? page, AuditLog audit, CancellationToken ct) =>
            Results.Ok((await audit.PageAsync(what, who, Math.Clamp(page ?? 1, 1, 100_000), 500, ct)).Entries)).RequireAuthorization(Policies.Admin);

        api.MapPost("/accounts", async (AccountBody body, HttpContext http, StaffAccounts accounts) =>
        {
            var made = await accounts.CreateAsync(body.Name, body.Email, body.Role, body.Password, http.User, http.RequestAborted);
            if (made.Conflict) return Results.Problem(title: "Already an account", detail: made.Problem, statusCode: StatusCodes.Status409Conflict);
            return made.Succeeded ? Results.Created($"/api/accounts/{made.Id}", new { id = made.Id }) : Bad(made.Problem!);
        }).RequireAuthorization(Policies.Admin);

        api.MapPut("/accounts/{id:guid}/role", async (Guid id, RoleBody body, HttpContext http, StaffAccounts accounts) =>
        {
            var changed = await accounts.ChangeRoleAsync(id, body.Role, http.User, http.RequestAborted);
            return changed.NotFound ? NoAccount() : changed.Succeeded ? Results.Ok(new { id, role = body.Role }) : Bad(changed.Problem!);
        }).RequireAuthorization(Policies.Admin);

        api.MapDelete("/accounts/{id:guid}", async (Guid id, HttpContext http, StaffAccounts accounts) =>
            (await accounts.RemoveAsync(id, http.User, http.RequestAborted)).NotFound ? NoAccount() : Results.NoContent()).RequireAuthorization(Policies.Admin);

        api.MapGet("/keys", async (ApiKeys keys, CancellationToken ct) =>
            Results.Ok((await keys.ListAsync(ct)).Select(k => new
            {
                id = k.Id, name = k.Name, prefix = k.Prefix, role = k.Role, account = k.AccountId,
                createdAt = k.CreatedAt, lastUsedAt = k.LastUsedAt, revokedAt = k.RevokedAt,
            }))).RequireAuthorization(Policies.Admin);

        api.MapPost("/keys", async (KeyBody body, HttpContext http, ApiKeys keys, AuditLog audit, FieldLimits limits, CancellationToken ct) =>
        {
            var maxName = limits.MaxLength<ApiKey>(nameof(ApiKey.Name))!.Value;
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > maxName) return Bad($"Name the key after what uses it (up to {maxName} characters).");
            // A board key without a member would be a credential that approves as nobody; members make their own.
            if (body.Role is not (AccountRoles.Admin or AccountRoles.Staff or AccountRoles.Viewer))
                return Bad("The role must be admin, staff or viewer. Board members make their own key (POST /api/me/keys).");
            var key = await keys.CreateAsync(body.Name, body.Role, null, http.User.AccountId(), ct);
            await audit.RecordAsync("key-created", http.User.ActorName(), null, $"Key {key.Id} '{key.Name}', role {key.Role}", ct);
            return Results.Created($"/api/keys/{key.Id}", new { id = key.Id, name = key.Name, role = key.Role, key = key.Key });
        }).RequireAuthorization(Policies.Admin);

        api.MapDelete("/keys/{id:long}", async (long id, HttpContext http, ApiKeys keys, AuditLog audit, CancellationToken ct) =>
        {
            if (!await keys.RevokeAsync(id, ct)) return Results.Problem(title: "Not found", detail: $"There is no key {id}.", statusCode: 404);
            await audit.RecordAsync("key-revoked", http.User.ActorName(), null, $"Key {id}", ct);
            return Results.NoContent();
        })
            .RequireAuthorization(Policies.Admin);

        // A board member's own key, for their own scripts: it acts as them and nobody else.
        api.MapPost("/me/keys", async (KeyBody body, HttpContext http, ApiKeys keys, FieldLimits limits, CancellationToken ct) =>
        {
            if (http.User.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName || http.User.AccountId() is not { } account)
                return Results.Problem(title: "Sign in first", detail: "Make your own key while signed in as yourself, not with another key.", statusCode: StatusCodes.Status403Forbidden);
            var maxName = limits.MaxLength<ApiKey>(nameof(ApiKey.Name))!.Value;
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > maxName) return Bad($"Name the key (up to {maxName} characters).");
            var key = await keys.CreateAsync(body.Name, AccountRoles.Board, account, account, ct);
            return Results.Created($"/api/keys/{key.Id}", new { id = key.Id, name = key.Name, role = key.Role, key = key.Key });
        }).RequireAuthorization(Policies.Board);
        return api;
    }

    private static IResult Bad(string detail) => Results.Problem(title: "Please check the request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
    private static IResult NoAccount() => Results.Problem(title: "Not found", detail: "There is no such account.", statusCode: StatusCodes.Status404NotFound);
}
