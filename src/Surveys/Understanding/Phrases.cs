using System.Globalization;
using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The service's own words (hints, help, confirmations, spoken instructions), one language each.
/// The words live in the phrase files (Understanding/Phrases/&lt;language&gt;.txt), so peer
/// researchers review every sentence the service says in one place, and a language is one file.
/// </summary>
public sealed partial class Phrases
{
    private static readonly Lock Gate = new();
    private static volatile IReadOnlyList<Phrases> s_all = LoadBuiltIn();

    private readonly IReadOnlyDictionary<string, string> _text;

    private Phrases(IReadOnlyDictionary<string, string> text)
    {
        _text = text;
        Language = text["language"];
        Days = PhraseFile.List(text["days"]);
        Months = PhraseFile.List(text["months"]);
    }

    public static Phrases English => For("en");
    public static Phrases Welsh => For("cy");

    /// <summary>Every language the service speaks, English first, then Welsh, then any others.</summary>
    public static IReadOnlyList<Phrases> All => s_all;

    /// <summary>The phrases for <paramref name="language"/>; English when we have no file for it.</summary>
    public static Phrases For(string? language) =>
        s_all.FirstOrDefault(p => string.Equals(p.Language, language, StringComparison.OrdinalIgnoreCase)) ?? s_all[0];

    /// <summary>Adds (or replaces) a language from a phrase file's text; refused when it leaves anything out.</summary>
    public static Phrases Add(string fileText, string source)
    {
        var entries = PhraseFile.Parse(fileText, source);
        PhraseFile.CheckComplete(entries, s_all[0]._text, source);
        var phrases = new Phrases(entries);
        lock (Gate)
        {
            s_all = [.. s_all.Where(p => !string.Equals(p.Language, phrases.Language, StringComparison.OrdinalIgnoreCase)), phrases];
        }
        return phrases;
    }

    private static IReadOnlyList<Phrases> LoadBuiltIn()
    {
        var files = PhraseFile.BuiltIn().ToList();
        foreach (var file in files.Skip(1)) PhraseFile.CheckComplete(file, files[0], $"Phrases/{file["language"]}.txt");
        return files.Select(f => new Phrases(f)).ToList();
    }

    public string Language { get; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(_text["culture"]);

    private IReadOnlyList<string> Days { get; }
    private IReadOnlyList<string> Months { get; }

    /// <summary>The line <paramref name="key"/> with each {name} filled in (in one pass, so a filled-in value is never read again).</summary>
    private string Say(string key, params (string Name, object Value)[] values) =>
        values.Length == 0 ? _text[key] : Placeholder().Replace(_text[key], m =>
            values.FirstOrDefault(v => v.Name == m.Groups[1].Value) is { Name: not null } v ? $"{v.Value}" : m.Value);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    // The language itself: its name in the language menu, and the words that choose it.
    public string Name => Say("name");
    public string ChooseThisLanguage(int key) => Say("choose-this-language", ("key", key));
    // Split once per language (they were split again on every turn that looked for a language's name).
    public IReadOnlyList<string> LanguageWords => _languageWords ??= PhraseFile.List(_text["language-words"]);
    public IReadOnlyList<string> MenuWords => _menuWords ??= PhraseFile.List(_text["menu-words"]);
    public IReadOnlyList<string> ConfusingWords => _confusingWords ??= PhraseFile.List(_text["confusing-words"]);
    private IReadOnlyList<string>? _languageWords, _menuWords, _confusingWords;

    /// <summary>"For English, press 1. Am Gymraeg, pwyswch 2.": each language offered in its own words.</summary>
    public static string ChooseLanguage(IReadOnlyList<string> languages) =>
        string.Join(" ", languages.Select((l, i) => For(l).ChooseThisLanguage(i + 1)));

    // Hints after an unclear reply.
    public string NumberRange(int min, int max) => Say("number-range", ("min", min), ("max", max));

    /// <summary>For a number question with no upper limit.</summary>
    public string ANumber => Say("a-number");
    public string YesOrNo => Say("yes-or-no");
    public string ChooseOption(int count) => Say("choose-option", ("count", count));
    public string ADate => Say("a-date");
    public string SomeWords => Say("some-words");
    public string TextTooLong(int max) => Say("text-too-long", ("max", max));

    // The same hints worded for a form ("form-...": "Enter", "Choose") or a call ("spoken-...":
    // "press or say"), chosen by ChannelHints.
    internal string NumberRange(int min, int max, string prefix) => Say(prefix + "number-range", ("min", min), ("max", max));
    internal string Hint(string key) => Say(key);

    // Checking a likely reading before it is stored ("when unsure, ask; never guess").
    public string DidYouMean(string display) => Say("did-you-mean", ("display", display));

    /// <summary>After "no" to "Did you mean 0?".</summary>
    public string NumberToConfirm => Say("number-to-confirm");

    /// <summary>After "no" to "Did you mean 1 February?": the month in words cannot be misread.</summary>
    public string DateToConfirm(DateOnly example) => Say("date-to-confirm", ("day", example.Day), ("month", Months[example.Month - 1]));

    /// <summary>
    /// "Tuesday 1 December"; the year is added only when it is not this year's. The words come from
    /// the phrase file rather than CultureInfo, so they do not depend on the server's ICU data.
    /// </summary>
    public string Date(DateOnly date, DateOnly today) => Say(
        date.Year == today.Year ? "date" : "date-with-year",
        ("weekday", Days[(int)date.DayOfWeek]), ("day", date.Day), ("month", Months[date.Month - 1]), ("year", date.Year));

    // Short instructions shown with a question, per input type (SMS style).
    /// <summary>"Reply with a number from 1 to 5": the same few ranges on every turn, so each is filled in once.</summary>
    public string ReplyRange(int min, int max) =>
        _ranges.TryGetValue((min, max), out var said) ? said
            : _ranges.Count < 256 ? _ranges.GetOrAdd((min, max), Say("reply-range", ("min", min), ("max", max)))
            : Say("reply-range", ("min", min), ("max", max));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), string> _ranges = new();
    public string ReplyYesNo => Say("reply-yes-no");
    public string ReplyNumber(int? min, int? max) => (min, max) switch
    {
        (not null, not null) => ReplyRange(min.Value, max.Value),
        _ => Say("reply-number"),
    };
    public string ReplyDate => Say("reply-date");
    public string ReplySkip => Say("reply-skip");
    public string Or => Say("or");
    public string Yes => Say("yes");
    public string No => Say("no");

    // Conversation-level messages.
    public string Help(string keyword) => Say("help", ("keyword", keyword));
    public string Stopped => Say("stopped");
    public string Restarted(string keyword) => Say("restarted", ("keyword", keyword));
    public string Unknown(string keyword) => Say("unknown", ("keyword", keyword));
    public string NothingToStart => Say("nothing-to-start");
    public string ChatInvitation(string link) => Say("chat-invitation", ("link", link));
    /// <summary>The first text of a reminder, saying so first ("Reminder: ...").</summary>
    public string Reminder(string text) => Say("reminder", ("text", text));
    public string CarryOnOffer(string title) => Say("carry-on-offer", ("title", title));
    public string SkipNotAllowed => Say("skip-not-allowed");
    public string MovingOn => Say("moving-on");
    public string StillUnclear => Say("still-unclear");
    public string AlreadyOptedOut => Say("already-opted-out");

    // Spoken and web-chat conversation (no "Reply ..." wording: the channel adds "press 1" or buttons).
    public string CarryOnQuestion(string title) => Say("carry-on-question", ("title", title));
    public string ChooseSurvey => Say("choose-survey");
    public string StartSurveyQuestion(string title) => Say("start-survey-question", ("title", title));
    public string NotNow => Say("not-now");
    public string DidNotHear => Say("did-not-hear");
    public string HeardThis(string text) => Say("heard-this", ("text", text));
    public string SayItAgain => Say("say-it-again");
    public string StoppedSpoken => Say("stopped-spoken");

    /// <summary>Said on a call or in a chat to someone who opted out: the way back is a text, never a "yes" here.</summary>
    public string OptedOutElsewhere => Say("opted-out-elsewhere");
    public string FlagNoted => Say("flag-noted");

    /// <summary>The button that leaves out an optional question in web chat.</summary>
    public string SkipLabel => Say("skip-label");
    public string WelcomeBackSpoken => Say("welcome-back-spoken");

    // Spoken instructions for a phone call (the voice adapter reads choices as "press 1 for ...").
    public string PressRange(int min, int max, string? minLabel, string? maxLabel)
    {
        var ends = minLabel is not null && maxLabel is not null
            ? Say("press-range-ends", ("min", min), ("minLabel", minLabel), ("max", max), ("maxLabel", maxLabel))
            : "";
        return Say("press-range", ("min", min), ("max", max), ("ends", ends));
    }

    public string KeyNumber => Say("key-number");
    public string SayDate => Say("say-date");
    public string SayAnswer => Say("say-answer");
    public string PressZeroToSkip => Say("press-zero-to-skip");

    // How a call reads a question's choices out: "Press 1 for Work, press 2 for ..., or say your answer."
    public string PressWord => Say("press-word");
    public string ForWord => Say("for-word");
    public string OrSayYourAnswer => Say("or-say-your-answer");
}
