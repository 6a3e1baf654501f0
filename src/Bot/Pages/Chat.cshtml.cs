using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages;

/// <summary>
/// The public chat page: the official Web Chat client against our own Direct Line endpoint.
/// <c>?survey=&lt;id&gt;</c> opens that survey at once; <c>?invite=&lt;token&gt;</c> carries on a
/// person's own invitation (the token endpoint looks it up).
/// </summary>
public sealed partial class ChatModel : PageModel
{
    private const int MaxInviteLength = 256;

    [BindProperty(SupportsGet = true, Name = "survey")]
    public string? Survey { get; set; }

    [BindProperty(SupportsGet = true, Name = "invite")]
    public string? Invite { get; set; }

    public void OnGet()
    {
        // A mistyped link still opens the chat (with the survey menu) rather than failing.
        if (Survey is not null && !SurveyId().IsMatch(Survey)) Survey = null;
        Invite = Invite?.Trim();
        if (Invite is { Length: > MaxInviteLength }) Invite = Invite[..MaxInviteLength];
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex SurveyId();
}
