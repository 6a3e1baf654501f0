using System.Globalization;
using CoProduction.Scheduling.People;
using CoProduction.Store;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.People;

/// <summary>
/// Add one person, or change their details and groups: the same rules as a row of the people
/// CSV (<see cref="PersonFields"/>), each problem shown at its field.
/// </summary>
public sealed class PersonModel(PeopleImporter people, StoreDbContext db, CoProduction.Store.FieldLimits limits) : StaffForm
{
    /// <summary>The CSV column each form field stands for, and the id of the field a problem links to.</summary>
    private static readonly Dictionary<string, string> FieldOf = new()
    {
        ["name"] = "name", ["phone"] = "phone", ["channel"] = "channel-sms", ["language"] = "language", ["groups"] = "groups",
        ["next_checkin"] = "next-checkin", ["consent_date"] = "consent-date", ["easy_read"] = "easy-read", ["slow_pace"] = "slow-pace", ["timezone"] = "phone",
    };

    public Guid? Id { get; private set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string Channel { get; set; } = "sms";
    [BindProperty] public string? Language { get; set; } = "en";
    [BindProperty] public string? Groups { get; set; }
    [BindProperty] public string? NextCheckin { get; set; }
    [BindProperty] public string? ConsentDate { get; set; }
    [BindProperty] public bool EasyRead { get; set; }
    [BindProperty] public bool SlowPace { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is null) return Page();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return NotFound();
        Id = id;
        (Name, Phone, Language, EasyRead, SlowPace) = (person.Name, person.Phone, person.Language, person.EasyRead, person.SlowPace);
        Channel = person.PreferredChannel?.ToString().ToLowerInvariant() ?? "sms";
        NextCheckin = person.NextCheckin?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ConsentDate = person.ConsentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Groups = string.Join("; ", await db.PersonGroups.AsNoTracking().Where(g => g.PersonId == id).Select(g => g.Group).OrderBy(g => g).ToListAsync(ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (id is not null && !await db.People.AnyAsync(p => p.Id == id, ct)) return NotFound();
        Id = id;
        var cells = new Dictionary<string, string?>
        {
            ["name"] = Name?.Trim() ?? "", ["phone"] = Phone?.Trim() ?? "", ["channel"] = Channel, ["language"] = Language?.Trim() ?? "",
            ["groups"] = Groups ?? "", ["next_checkin"] = NextCheckin?.Trim() ?? "", ["consent_date"] = ConsentDate?.Trim() ?? "",
            ["easy_read"] = EasyRead ? "yes" : "no", ["slow_pace"] = SlowPace ? "yes" : "no",
        };
        var problems = new List<(string Column, string Problem)>();
        var row = PersonFields.Read(0, column => cells.TryGetValue(column, out var v) ? v : null, hasChannelColumn: true, problems, limits);
        foreach (var (column, problem) in problems) Problem(FieldOf.GetValueOrDefault(column, ""), PersonFields.Capitalise(problem) + ".");
        if (row is null) return Refused(StatusCodes.Status400BadRequest);

        var saved = await people.SaveAsync(row, id, ct);
        if (saved is null)
        {
            Problem("phone", "Someone else already has that phone number. Search for it on the people page.");
            return Refused(StatusCodes.Status409Conflict);
        }
        TempData["Done"] = $"{(string.IsNullOrEmpty(row.Name) ? "The person" : row.Name)} is {(id is null ? "added" : "saved")}.";
        return Redirect("/staff/people");
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
