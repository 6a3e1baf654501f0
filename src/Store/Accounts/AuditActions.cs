namespace CoProduction.Store.Accounts;

/// <summary>The audit log's action names, and what each means in plain English for the admin page.</summary>
public static class AuditActions
{
    public const string SignedIn = "signed-in";
    public const string SignInRefused = "sign-in-refused";
    public const string AccountCreated = "account-created";
    public const string RoleChanged = "role-changed";
    public const string AccountRemoved = "account-removed";
    public const string KeyCreated = "key-created";
    public const string KeyRevoked = "key-revoked";
    public const string Approved = "approved";
    public const string ResultsExported = "results-exported";
    public const string PersonExported = "person-exported";
    public const string PersonErased = "person-erased";
    public const string InterviewStarted = "interview-started";
    public const string DisclosureRaised = "disclosure-raised";

    private static readonly Dictionary<string, string> Plain = new()
    {
        [SignedIn] = "Signed in",
        [SignInRefused] = "Sign-in refused",
        [AccountCreated] = "Account made",
        [RoleChanged] = "Role changed",
        [AccountRemoved] = "Account removed",
        [KeyCreated] = "API key made",
        [KeyRevoked] = "API key revoked",
        [Approved] = "Survey approved",
        [ResultsExported] = "Answers downloaded",
        [PersonExported] = "Everything about a person downloaded",
        [PersonErased] = "Person erased",
        [InterviewStarted] = "Interview started",
        [DisclosureRaised] = "Privacy numbers for public results raised",
    };

    /// <summary>Every action with its plain name, for the filter on the admin page.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All => Plain;

    /// <summary>The plain name; an action another part of the service adds still reads sensibly.</summary>
    public static string Describe(string action) =>
        Plain.TryGetValue(action, out var plain) ? plain : char.ToUpperInvariant(action[0]) + action[1..].Replace('-', ' ');
}
