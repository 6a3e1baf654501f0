using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace CoProduction.Store.FreeText;

/// <summary>
/// Looks for what could identify a person in a written answer before it may become a public
/// quote: phone numbers (UK and international, spaced or not), email addresses and likely names
/// (after "my name is", after Mr or Mrs, a common first name, or a capitalised word that does not
/// start a sentence). It errs towards flagging: staff then edit the quote or confirm it with a
/// reason, which costs a minute; a name on a public page cannot be taken back.
/// </summary>
public static partial class PersonalDataCheck
{
    private static readonly (HashSet<string> Any, HashSet<string> Capitalised) FirstNames = LoadFirstNames();

    /// <summary>Words people capitalise that are not names (days, months, services, languages, places of care).</summary>
    private static readonly HashSet<string> UsualCapitals = new(StringComparer.OrdinalIgnoreCase)
    {
        "I", "I'm", "I've", "I'll", "I'd", "I’m", "I’ve", "I’ll", "I’d", "Im", "Ive", "OK", "Okay",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Christmas", "Easter", "Eid", "Diwali", "Ramadan", "Covid", "Corona", "God",
        "English", "Welsh", "British", "Polish", "Urdu", "Punjabi", "Bengali", "Arabic", "Somali", "Cymraeg", "Saesneg",
        "Wales", "England", "Scotland", "Britain", "UK", "Cymru",
        "NHS", "GP", "A&E", "Council", "Social", "Services", "Care", "Home", "Centre", "Center", "Day", "Hospital", "Surgery",
        "Dydd", "Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul", "Nadolig", "Pasg", "Diolch",
        "Facebook", "WhatsApp", "Zoom", "Internet", "TV", "Wi-Fi", "WiFi",
    };

    /// <summary>
    /// Phrases after which the next word is a name, whatever its case. Weaker ones ("called",
    /// "call me") are left out: "I called them" is common, and a capitalised or listed name
    /// after them is found anyway.
    /// </summary>
    private static readonly string[] NameIntros = ["my name is", "my name's", "my name’s", "name is", "i am called", "i'm called", "i’m called", "enw fi yw", "fy enw i yw", "fy enw yw"];

    private static readonly string[] Titles = ["mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister", "doctor"];

    public static bool HasPersonalData(string text) => Find(text).Count > 0;

    /// <summary>Everything found, in order of where it starts; overlapping findings are merged into the first.</summary>
    public static IReadOnlyList<PersonalDataFinding> Find(string text)
    {
        var found = new List<PersonalDataFinding>();
        foreach (Match m in Email().Matches(text)) found.Add(new(PersonalDataKind.Email, m.Index, m.Length, m.Value));
        foreach (Match m in PhoneCandidate().Matches(text))
        {
            if (IsPhone(m.Value) && !Overlaps(found, m.Index, m.Length)) found.Add(new(PersonalDataKind.Phone, m.Index, m.Length, m.Value.Trim()));
        }
        foreach (var word in Words(text))
        {
            if (!Overlaps(found, word.Index, word.Length) && IsLikelyName(text, word)) found.Add(new(PersonalDataKind.Name, word.Index, word.Length, word.Value));
        }
        return found.OrderBy(f => f.Start).ToList();
    }

    /// <summary>A suggested edit: each finding replaced by what it was, "[name]", "[phone number]", "[email address]".</summary>
    public static string Redact(string text)
    {
        var builder = new StringBuilder(text);
        foreach (var finding in Find(text).OrderByDescending(f => f.Start))
        {
            builder.Remove(finding.Start, finding.Length).Insert(finding.Start, finding.Kind switch
            {
                PersonalDataKind.Phone => "[phone number]",
                PersonalDataKind.Email => "[email address]",
                _ => "[name]",
            });
        }
        return builder.ToString();
    }

    /// <summary>The kinds found, for storing beside a quote: "name,phone".</summary>
    public static string Flags(IEnumerable<PersonalDataFinding> findings) =>
        string.Join(',', findings.Select(f => PersonalDataFinding.Name(f.Kind)).Distinct().Order(StringComparer.Ordinal));

    /// <summary>
    /// Ten or more digits is a phone number (UK numbers have 10 or 11 with the 0); with a + or 00
    /// in front, eight or more (the shortest international numbers). Dates, times and sums of
    /// money have fewer digits or other separators.
    /// </summary>
    private static bool IsPhone(string candidate)
    {
        var digits = candidate.Count(char.IsAsciiDigit);
        var trimmed = candidate.TrimStart('(', ' ');
        var international = trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal);
        return digits is >= 10 and <= 15 || (international && digits is >= 8 and <= 15);
    }

    private static bool IsLikelyName(string text, Match word)
    {
        var value = word.Value;
        var lower = value.ToLowerInvariant();
        if (PrecededBy(text, word.Index, NameIntros)) return !CommonAfterIntro.Contains(lower);
        var capitalised = char.IsUpper(value[0]);
        var allCaps = value.Length > 1 && value.All(c => !char.IsLetter(c) || char.IsUpper(c));
        if (capitalised && PrecededBy(text, word.Index, Titles, allowDot: true)) return true;
        if (FirstNames.Any.Contains(lower)) return true;
        // A month before a name that is also a month: "in June" is a date far more often than a person.
        if (UsualCapitals.Contains(value)) return false;
        if (FirstNames.Capitalised.Contains(lower) && capitalised && !allCaps && !AtSentenceStart(text, word.Index)) return true;
        if (!capitalised || allCaps || UsualCapitals.Contains(value) || Titles.Contains(lower)) return false;
        return !AtSentenceStart(text, word.Index);
    }

    /// <summary>"My name is not important": the word after an intro that is not a name.</summary>
    private static readonly HashSet<string> CommonAfterIntro = ["not", "a", "an", "the", "on", "in", "by", "at", "to", "for", "and", "it", "this", "that", "something", "nothing", "anything", "private", "secret"];

    private static bool PrecededBy(string text, int index, string[] phrases, bool allowDot = false)
    {
        var before = text[..index].TrimEnd();
        if (allowDot) before = before.TrimEnd('.').TrimEnd();
        foreach (var phrase in phrases)
        {
            if (before.EndsWith(phrase, StringComparison.OrdinalIgnoreCase)
                && (before.Length == phrase.Length || !char.IsLetter(before[before.Length - phrase.Length - 1])))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>At the start of the text, a line, or after . ! ? (quotes and brackets aside).</summary>
    private static bool AtSentenceStart(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && (char.IsWhiteSpace(text[i]) && text[i] != '\n' || text[i] is '"' or '\'' or '(' or '“' or '‘' or '-' or '*'))
        {
            i--;
        }
        return i < 0 || text[i] is '.' or '!' or '?' or '\n' or ':' or ';' or '…';
    }

    private static bool Overlaps(List<PersonalDataFinding> found, int start, int length) =>
        found.Any(f => start < f.Start + f.Length && f.Start < start + length);

    private static IEnumerable<Match> Words(string text) => Word().Matches(text);

    private static (HashSet<string>, HashSet<string>) LoadFirstNames()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CoProduction.Store.FreeText.FirstNames.txt")
            ?? throw new InvalidOperationException("FirstNames.txt is not embedded in the Store assembly.");
        using var reader = new StreamReader(stream);
        var any = new HashSet<string>(StringComparer.Ordinal);
        var capitalised = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim().ToLowerInvariant();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.EndsWith('*')) capitalised.Add(line.TrimEnd('*'));
            else any.Add(line);
        }
        return (any, capitalised);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    /// <summary>A run of digits with the separators people type in phone numbers (space, dash, dot, brackets), maybe with + in front.</summary>
    [GeneratedRegex(@"(?<![\w+])(\+|\(\+?)?\d[\d \-.()]{6,22}\d(?!\w)")]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"\p{L}[\p{L}'’\-]*")]
    private static partial Regex Word();
}
