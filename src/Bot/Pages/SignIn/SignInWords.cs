namespace CoProduction.Bot.Pages.SignIn;

/// <summary>Every sentence of the text sign-in pages, in plain English and in Welsh.</summary>
public sealed record SignInWords(
    string Lang, string HtmlLang, string OtherLang, string OtherLangName,
    string TextTitle, string TextIntro, string PhoneLabel, string PhoneHint, string SendButton, string PhoneWrong,
    string CodeTitle, string CodeSent, string CodeLabel, string CodeHint, string CodeButton, string CodeWrong, string NewText,
    string LinkTitle, string LinkIntro, string LinkButton, string LinkUsed, string StaffInstead, string TooMany)
{
    public static readonly SignInWords English = new(
        "en", "en-GB", "cy", "Cymraeg",
        "Sign in with your phone",
        "We will send a text to your phone with a link and a code. They work once, for 15 minutes.",
        "Your mobile phone number", "The number the staff added you with, like 07700 900123.", "Send me a text",
        "That phone number does not look right. Write it like 07700 900123.",
        "Type the code from your text",
        "If that number belongs to a board member, we have sent a text. Open the link in it, or type the 6-digit code here.",
        "The 6-digit code", "You can paste it. Spaces do not matter.", "Sign in",
        "That code is not right, or it is too old. Check the code, or ask for a new text.",
        "Ask for a new text",
        "Sign in to CoProduction",
        "Press the button to sign in on this phone or computer.",
        "Sign me in",
        "This link has been used already, or it is more than 15 minutes old. Ask for a new text.",
        "Staff with an email address sign in on the staff sign-in page.",
        "You have asked for a few texts already. Wait 15 minutes, then ask again.");

    public static readonly SignInWords Welsh = new(
        "cy", "cy", "en", "English",
        "Mewngofnodi gyda'ch ffôn",
        "Byddwn yn anfon neges destun i'ch ffôn gyda dolen a chod. Maen nhw'n gweithio unwaith, am 15 munud.",
        "Rhif eich ffôn symudol", "Y rhif a roddodd y staff, fel 07700 900123.", "Anfon neges destun ataf",
        "Nid yw'r rhif ffôn yn edrych yn gywir. Ysgrifennwch ef fel 07700 900123.",
        "Teipiwch y cod o'ch neges",
        "Os yw'r rhif yn perthyn i aelod o'r bwrdd, rydym wedi anfon neges. Agorwch y ddolen ynddi, neu teipiwch y cod 6 digid yma.",
        "Y cod 6 digid", "Gallwch ei ludo. Does dim ots am fylchau.", "Mewngofnodi",
        "Nid yw'r cod yn gywir, neu mae'n rhy hen. Gwiriwch y cod, neu gofynnwch am neges newydd.",
        "Gofyn am neges newydd",
        "Mewngofnodi i CoProduction",
        "Pwyswch y botwm i fewngofnodi ar y ffôn neu'r cyfrifiadur hwn.",
        "Mewngofnodi",
        "Mae'r ddolen hon wedi'i defnyddio'n barod, neu mae'n hŷn na 15 munud. Gofynnwch am neges newydd.",
        "Mae staff sydd â chyfeiriad e-bost yn mewngofnodi ar dudalen mewngofnodi'r staff.",
        "Rydych wedi gofyn am sawl neges yn barod. Arhoswch 15 munud, yna gofynnwch eto.");

    public static SignInWords For(string? lang) => string.Equals(lang, "cy", StringComparison.OrdinalIgnoreCase) ? Welsh : English;
}
