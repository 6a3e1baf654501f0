using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Loading.XlsForm;

/// <summary>
/// Column names and their languages: <c>label::en</c>, ODK's <c>label::English (en)</c>, or a bare
/// <c>label</c> meaning the survey's default language.
/// </summary>
internal static partial class XlsFormColumns
{
    public const string Type = "type";
    public const string Name = "name";
    public const string Label = "label";
    public const string Hint = "hint";
    public const string Required = "required";
    public const string Relevant = "relevant";
    public const string Constraint = "constraint";
    public const string ConstraintMessage = "constraint_message";
    public const string Parameters = "parameters";
    public const string ListName = "list_name";

    // Our extras (ODK and Kobo ignore columns they do not know).
    public const string EasyRead = "easy_read";
    public const string Sms = "sms";
    public const string Voice = "voice";
    public const string Web = "web";
    public const string ScaleLabels = "scale_labels";
    public const string MaxLength = "max_length";
    public const string Synonyms = "synonyms";

    public static readonly string[] Localised = [Label, Hint, ConstraintMessage, EasyRead, Sms, Voice, Web, ScaleLabels];

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["english"] = "en", ["welsh"] = "cy", ["cymraeg"] = "cy", ["polish"] = "pl", ["urdu"] = "ur",
        ["punjabi"] = "pa", ["arabic"] = "ar", ["french"] = "fr", ["spanish"] = "es", ["gaelic"] = "gd",
    };

    /// <summary>Splits "label::English (en)" into ("label", "en"); a bare "label" gives (label, null).</summary>
    public static (string Base, string? Language, string? Problem) Split(string header)
    {
        var parts = header.Split("::", 2);
        var baseName = parts[0].Trim().ToLowerInvariant();
        if (parts.Length == 1) return (baseName, null, null);
        var lang = parts[1].Trim();
        if (Code().Match(lang) is { Success: true } m) return (baseName, m.Groups[1].Value.ToLowerInvariant(), null);
        if (Names.TryGetValue(lang, out var code)) return (baseName, code, null);
        if (BareCode().IsMatch(lang)) return (baseName, lang.ToLowerInvariant(), null);
        return (baseName, null, $"the column '{header}' names a language we do not know: write it with its code, for example {parts[0]}::{lang} (xx)");
    }

    [GeneratedRegex(@"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$")]
    private static partial Regex Code();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?$")]
    private static partial Regex BareCode();
}
