using System.Globalization;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The service's own words (hints, help, confirmations), in English and Welsh. Kept together so
/// peer researchers can review every sentence the service says in one place.
/// </summary>
public sealed class Phrases
{
    public static readonly Phrases English = new("en");
    public static readonly Phrases Welsh = new("cy");

    private readonly bool _cy;

    private Phrases(string language)
    {
        Language = language;
        _cy = language == "cy";
    }

    public string Language { get; }

    public static Phrases For(string? language) =>
        string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase) ? Welsh : English;

    public CultureInfo Culture => _cy ? CultureInfo.GetCultureInfo("cy-GB") : CultureInfo.GetCultureInfo("en-GB");

    // Hints after an unclear reply.
    public string NumberRange(int min, int max) => _cy
        ? $"Atebwch gyda rhif o {min} i {max}, os gwelwch yn dda."
        : $"Please reply with a number from {min} to {max}.";

    /// <summary>For a number question with no upper limit.</summary>
    public string ANumber => _cy ? "Atebwch gyda rhif, os gwelwch yn dda." : "Please reply with a number.";

    public string YesOrNo => _cy ? "Atebwch ie neu na, os gwelwch yn dda." : "Please reply yes or no.";

    public string ChooseOption(int count) => _cy
        ? $"Atebwch gyda rhif o 1 i {count}, neu eiriau'r ateb."
        : $"Please reply with a number from 1 to {count}, or the words of your answer.";

    public string ADate => _cy
        ? "Atebwch gyda dyddiad, er enghraifft 14/3 neu dydd Mawrth nesaf."
        : "Please reply with a date, for example 14/3 or next Tuesday.";

    public string SomeWords => _cy ? "Atebwch gydag ychydig eiriau, os gwelwch yn dda." : "Please reply with a few words.";

    public string TextTooLong(int max) => _cy
        ? $"Mae hynny'n rhy hir. Defnyddiwch lai na {max} o nodau, os gwelwch yn dda."
        : $"That is too long. Please use fewer than {max} letters.";

    // Checking a likely reading before it is stored ("when unsure, ask; never guess").
    public string DidYouMean(string display) => _cy ? $"Oeddech chi'n golygu {display}?" : $"Did you mean {display}?";

    /// <summary>After "no" to "Did you mean 0?".</summary>
    public string NumberToConfirm => _cy
        ? "Iawn. Atebwch gyda'r rhif mewn digidau, er enghraifft 0 neu 3."
        : "Okay. Please reply with the number in digits, for example 0 or 3.";

    /// <summary>After "no" to "Did you mean 1 February?": the month in words cannot be misread.</summary>
    public string DateToConfirm(DateOnly example) => _cy
        ? $"Iawn. Ysgrifennwch y mis fel gair, er enghraifft {example.Day} {WelshMonths[example.Month - 1]}."
        : $"Okay. Please write the month as a word, for example {example.Day} {EnglishMonths[example.Month - 1]}.";

    // Dates read back to the person, "Tuesday 1 December". Written out here rather than taken from
    // CultureInfo so the words do not depend on which ICU data the server has.
    private static readonly string[] EnglishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] WelshDays = ["Dydd Sul", "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn"];
    private static readonly string[] EnglishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] WelshMonths = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];

    /// <summary>"Tuesday 1 December"; the year is added only when it is not this year's.</summary>
    public string Date(DateOnly date, DateOnly today)
    {
        var day = (_cy ? WelshDays : EnglishDays)[(int)date.DayOfWeek];
        var month = (_cy ? WelshMonths : EnglishMonths)[date.Month - 1];
        var text = $"{day} {date.Day} {month}";
        return date.Year == today.Year ? text : $"{text} {date.Year}";
    }

    // Short instructions shown with a question, per input type (SMS style).
    public string ReplyRange(int min, int max) => _cy ? $"Atebwch {min} i {max}" : $"Reply {min} to {max}";
    public string ReplyYesNo => _cy ? "Atebwch IE neu NA" : "Reply YES or NO";
    public string ReplyNumber(int? min, int? max) => (min, max) switch
    {
        (not null, not null) => ReplyRange(min.Value, max.Value),
        _ => _cy ? "Atebwch gyda rhif" : "Reply with a number",
    };
    public string ReplyDate => _cy ? "Atebwch gyda dyddiad, e.e. 14/3" : "Reply with a date, e.g. 14/3";
    public string ReplySkip => _cy ? "neu SKIP i'w hepgor" : "or SKIP to leave it out";
    public string Or => _cy ? "neu" : "or";
    public string Yes => _cy ? "Ie" : "Yes";
    public string No => _cy ? "Na" : "No";

    // Conversation-level messages.
    public string Help(string keyword) => _cy
        ? $"Arolwg byr am eich cymorth yw hwn. Atebwch bob cwestiwn mewn neges. Anfonwch AGAIN i glywed y cwestiwn eto, SKIP i hepgor cwestiwn dewisol, STOP i stopio. Anfonwch {keyword} i ddechrau."
        : $"This is a short survey about your support. Reply to each question with a text. Text AGAIN to see the question again, SKIP to leave out an optional one, STOP to stop. Text {keyword} to start.";

    public string Stopped => _cy
        ? "Rydych wedi stopio. Fyddwn ni ddim yn anfon neges atoch eto. Anfonwch START os ydych am ailddechrau."
        : "You have stopped. We will not message you again. Text START if you change your mind.";

    public string Restarted(string keyword) => _cy
        ? $"Croeso'n ôl. Gallwn anfon negeseuon atoch eto. Anfonwch {keyword} i ddechrau arolwg."
        : $"Welcome back. We can message you again. Text {keyword} to start a survey.";

    public string Unknown(string keyword) => _cy
        ? $"Helo! Anfonwch {keyword} i ddechrau ein harolwg byr, neu HELP am gymorth."
        : $"Hello! Text {keyword} to start our short survey, or HELP for help.";

    public string NothingToStart => _cy
        ? "Helo! Does dim arolwg ar agor ar hyn o bryd. Diolch am gysylltu."
        : "Hello! There is no survey open at the moment. Thank you for getting in touch.";

    public string CarryOnOffer(string title) => _cy
        ? $"Croeso'n ôl. Rydych hanner ffordd trwy '{title}'. Atebwch IE i barhau neu NA i ddechrau eto."
        : $"Welcome back. You are part way through '{title}'. Reply YES to carry on or NO to start again.";

    public string SkipNotAllowed => _cy
        ? "Mae angen ateb i'r cwestiwn hwn, os gwelwch yn dda."
        : "We need an answer to this one, please.";

    public string MovingOn => _cy ? "Dim problem, symudwn ymlaen." : "No problem, let's move on.";

    public string StillUnclear => _cy
        ? "Diolch. Symudwn ymlaen i'r cwestiwn nesaf."
        : "Thank you. Let's move on to the next question.";

    public string AlreadyOptedOut => _cy
        ? "Rydych wedi stopio negeseuon. Anfonwch START os ydych am ailddechrau."
        : "You have stopped our messages. Text START if you want them again.";

    // Spoken and web-chat conversation (no "Reply ..." wording: the channel adds "press 1" or buttons).
    public string CarryOnQuestion(string title) => _cy
        ? $"Croeso'n ôl. Rydych hanner ffordd trwy '{title}'. Ydych chi am barhau?"
        : $"Welcome back. You are part way through '{title}'. Do you want to carry on?";

    public string ChooseLanguage => "For English, press 1. Am Gymraeg, pwyswch 2.";

    public string ChooseSurvey => _cy ? "Helo! Pa arolwg hoffech chi ei wneud?" : "Hello! Which survey would you like to do?";

    public string StartSurveyQuestion(string title) => _cy
        ? $"Helo! Hoffech chi wneud '{title}'?"
        : $"Hello! Would you like to do '{title}'?";

    public string NotNow => _cy ? "Iawn. Diolch am gysylltu. Hwyl fawr." : "That's fine. Thank you for getting in touch. Goodbye.";

    public string DidNotHear => _cy ? "Mae'n ddrwg gen i, chlywais i ddim byd." : "Sorry, I didn't hear anything.";

    public string HeardThis(string text) => _cy
        ? $"Clywais i: {text}. Ydy hynny'n iawn?"
        : $"I heard: {text}. Is that right?";

    public string SayItAgain => _cy ? "Iawn, dywedwch eto, os gwelwch yn dda." : "Okay, please say it again.";

    public string StoppedSpoken => _cy
        ? "Rydych wedi stopio. Fyddwn ni ddim yn cysylltu eto. Hwyl fawr."
        : "You have stopped. We will not contact you again. Goodbye.";

    /// <summary>Said on a call or in a chat to someone who opted out: the way back is a text, never a "yes" here.</summary>
    public string OptedOutElsewhere => _cy
        ? "Gofynnoch i ni stopio cysylltu â chi, felly fyddwn ni ddim yn gofyn cwestiynau. Os ydych am gymryd rhan eto, tecstiwch DECHRAU o'ch ffôn. Hwyl fawr."
        : "You asked us to stop contacting you, so we will not ask you any questions. If you want to take part again, text START from your phone. Goodbye.";

    public string FlagNoted => _cy
        ? "Diolch, rydym wedi nodi bod y cwestiwn hwn yn ddryslyd."
        : "Thank you, we have noted that this question was confusing.";

    /// <summary>The button that leaves out an optional question in web chat.</summary>
    public string SkipLabel => _cy ? "Hepgor" : "Skip";

    public string WelcomeBackSpoken => _cy ? "Croeso'n ôl." : "Welcome back.";

    public string EnglishName => "English";
    public string WelshName => "Cymraeg";

    // Spoken instructions for a phone call (the voice adapter reads choices as "press 1 for ...").
    public string PressRange(int min, int max, string? minLabel, string? maxLabel)
    {
        var ends = minLabel is not null && maxLabel is not null
            ? (_cy ? $", lle mae {min} yn golygu {minLabel} a {max} yn golygu {maxLabel}" : $", where {min} means {minLabel} and {max} means {maxLabel}")
            : "";
        return _cy ? $"Pwyswch rif o {min} i {max}{ends}, neu dywedwch eich ateb." : $"Press a number from {min} to {max}{ends}, or say your answer.";
    }

    public string KeyNumber => _cy
        ? "Teipiwch y rhif ac yna pwyswch hash, neu dywedwch y rhif."
        : "Key in the number and then press hash, or say it.";

    public string SayDate => _cy
        ? "Dywedwch y dyddiad, neu teipiwch y dydd a'r mis, fel un pedwar dim tri am y pedwerydd ar ddeg o Fawrth, ac yna hash."
        : "Say the date, or key in the day and the month, like one four zero three for the fourteenth of March, then press hash.";

    public string SayAnswer => _cy ? "Dywedwch eich ateb ar ôl y bîp." : "Please say your answer after the tone.";

    public string PressZeroToSkip => _cy ? "Neu pwyswch sero i'w hepgor." : "Or press zero to skip it.";
}
