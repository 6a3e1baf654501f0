using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// A staff page with a form, GOV.UK style: each problem is kept under the id of the field it is
/// about (empty for the form as a whole), so the error summary links to the field and the field
/// shows its own message.
/// </summary>
public abstract class StaffForm : PageModel
{
    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The aria-describedby of a field: its hint (when it has one) and its error (when it has one).</summary>
    public string? DescribedBy(string field, bool hasHint = false)
    {
        var ids = new List<string>();
        if (hasHint) ids.Add(field + "-hint");
        if (ErrorFor(field) is not null) ids.Add(field + "-error");
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>The field's own problems, for the error summary, in the order they were found.</summary>
    public IEnumerable<(string Field, string Message)> Problems() =>
        from entry in ModelState
        from error in entry.Value.Errors
        select (entry.Key, error.ErrorMessage);

    protected void Problem(string field, string message) => ModelState.AddModelError(field, message);
}
