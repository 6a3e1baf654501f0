using CoProduction.Store;
using CoProduction.Store.OptOuts;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Staff recording a STOP someone gave another way (a letter, a call to the office), or lifting
/// one when the person asks them to. The only way back in besides START by text.
/// </summary>
public static class OptOutApi
{
    /// <summary>The body of POST /api/people/opt-out and /api/people/opt-in.</summary>
    public sealed record PhoneBody(string? Phone);

    public static IEndpointRouteBuilder MapOptOutApi(this RouteGroupBuilder api)
    {
        api.MapPost("/people/opt-out", (PhoneBody? body, StoreDbContext db, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(body, db, time, optIn: false, ct));
        api.MapPost("/people/opt-in", (PhoneBody? body, StoreDbContext db, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(body, db, time, optIn: true, ct));
        return api;
    }

    private static async Task<IResult> ChangeAsync(PhoneBody? body, StoreDbContext db, TimeProvider time, bool optIn, CancellationToken ct)
    {
        if (CoProduction.Store.PhoneNumbers.ToE164(body?.Phone) is not { } phone)
        {
            return Results.Problem(title: "Give a phone number", detail: "Send JSON like { \"phone\": \"07700 900123\" } with a UK or international number.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var person = await db.People.Where(p => p.Phone == phone).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow();
        var changed = optIn
            ? await OptOutRegister.OptBackInAsync(db, phone, person, OptOutRegister.Staff, now, ct) > 0
            : await OptOutRegister.RecordAsync(db, phone, person, OptOutRegister.Staff, ourNumber: null, now, ct);
        await db.SaveChangesAsync(ct);
        return Results.Ok(new { phone, optedOut = !optIn, changed });
    }
}
