namespace CoProduction.Bot.Accounts;

/// <summary>
/// Settings from "Authentication:OpenIdConnect": signing staff in with their organisation's own
/// accounts (Microsoft Entra for a council or the NHS, or any OpenID provider). Off when the
/// section is absent. The provider only says who someone is: the account, and so the role, must
/// already be in CoProduction.
/// </summary>
public sealed class OpenIdSignInOptions
{
    public const string SectionName = "Authentication:OpenIdConnect";

    /// <summary>The scheme's name, which is also the provider's name on each linked account.</summary>
    public const string Scheme = "OpenIdConnect";

    /// <summary>Where the provider sends people back to; registered with the provider.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>The provider's address, like https://login.microsoftonline.com/{tenant id}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Optional: a public client signs in with PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the button: "Sign in with {DisplayName}".</summary>
    public string? DisplayName { get; set; }

    /// <summary>The claim holding the person's email address (Entra: "email", or "preferred_username").</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>
    /// When true, an email address only matches an account if the provider says it is verified
    /// (email_verified). Entra does not send that claim: a single-tenant Entra, whose addresses the
    /// organisation's own admins give out, may set this to false.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>Only for a provider on this machine in development or tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>On when any of the settings has a value: a template with empty settings leaves it off.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        configuration.GetSection(SectionName).AsEnumerable().Any(setting => !string.IsNullOrWhiteSpace(setting.Value));

    /// <summary>Whether the sign-in pages offer the button (the settings were checked at start).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Every problem with the settings, each naming the setting and what it should look like.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return $"{SectionName}:Authority must be the provider's address, like https://login.microsoftonline.com/<tenant id>/v2.0";
        }
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            yield return $"{SectionName}:Authority must start with https:// (set {SectionName}:RequireHttpsMetadata=false only for a provider on this machine)";
        }
        else if (!RequireVerifiedEmail && IsSharedEntraTenant(authority))
        {
            yield return $"{SectionName}:RequireVerifiedEmail=false needs a single-tenant Authority (your tenant's id, not common, organizations or consumers): anyone can make an account in those";
        }
        if (string.IsNullOrWhiteSpace(ClientId)) yield return $"{SectionName}:ClientId is needed: the application (client) id the provider gave this service";
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 60)
        {
            yield return $"{SectionName}:DisplayName is needed (up to 60 characters): the provider's name on the sign-in button, like Microsoft Entra";
        }
        if (string.IsNullOrWhiteSpace(EmailClaim)) yield return $"{SectionName}:EmailClaim must name the claim with the email address, like email";
    }

    private static bool IsSharedEntraTenant(Uri authority) =>
        authority.Segments.Select(s => s.Trim('/').ToLowerInvariant()).Any(s => s is "common" or "organizations" or "consumers");
}
