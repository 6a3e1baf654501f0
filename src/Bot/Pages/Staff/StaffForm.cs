using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// A staff page with a form, GOV.UK style: each problem is kept under the id of the field it is
/// about (empty for the form as a whole), so the error summary links to the field and the field
/// shows its own message.
/// </summary>
public abstract class StaffForm : PageModel
{
    // Kept apart from ModelState, whose keys ignore case and take the bound property's spelling
    // ("Groups"), while the links need the field's id exactly ("groups").
    private readonly List<(string Field, string Message)> _problems = [];

    public string? ErrorFor(string field) =>
        _problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    /// <summary>The aria-describedby of a field: its hint (when it has one) and its error (when it has one).</summary>
    public string? DescribedBy(string field, bool hasHint = false)
    {
        var ids = new List<string>();
        if (hasHint) ids.Add(field + "-hint");
        if (ErrorFor(field) is not null) ids.Add(field + "-error");
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>The field's own problems, for the error summary, in the order they were found.</summary>
    public IEnumerable<(string Field, string Message)> Problems() => _problems;

    protected void Problem(string field, string message)
    {
        _problems.Add((field, message));
        ModelState.AddModelError(field, message);
    }
}
