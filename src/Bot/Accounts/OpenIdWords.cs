namespace CoProduction.Bot.Accounts;

/// <summary>
/// Every sentence about signing in with the organisation's own accounts, in plain English and in
/// Welsh. "{0}" is the provider's name from the settings (like Microsoft Entra).
/// </summary>
public sealed record OpenIdWords(
    string Lang, string HtmlLang, string OtherLang, string OtherLangName,
    string SignInWith, string Intro, string RefusedTitle, string NoAccount, string NoEmail, string NotVerified, string LinkedToAnother,
    string LockedOut, string FailedTitle, string Failed, string UnavailableTitle, string Unavailable, string SignedIn, string Continue, string BackToSignIn)
{
    public static readonly OpenIdWords English = new(
        "en", "en-GB", "cy", "Cymraeg",
        "Sign in with {0}",
        "Use your work account. You need a CoProduction account already: an admin adds you with your work email address.",
        "We could not sign you in",
        "There is no CoProduction account for {1}. Ask an admin to add you with that email address, then sign in again.",
        "{0} did not tell us your email address, so we cannot find your account. Ask an admin for help.",
        "{0} has not checked your email address, so we cannot use it to find your account. Ask an admin for help.",
        "Your CoProduction account is already linked to a different {0} account. Ask an admin for help.",
        "Your account is locked for 15 minutes after too many wrong passwords. Try again later, or ask an admin.",
        "The sign-in did not finish",
        "It may have taken too long, been opened twice, or been changed on the way. Start again from the sign-in page.",
        "We could not reach {0}",
        "{0} did not answer just now. Try again in a few minutes, or sign in with your email address and password.",
        "You are signed in.",
        "Continue",
        "Back to the sign-in page");

    public static readonly OpenIdWords Welsh = new(
        "cy", "cy", "en", "English",
        "Mewngofnodi gyda {0}",
        "Defnyddiwch eich cyfrif gwaith. Mae angen cyfrif CoProduction arnoch yn barod: mae gweinyddwr yn eich ychwanegu gyda'ch cyfeiriad e-bost gwaith.",
        "Doedd dim modd eich mewngofnodi",
        "Does dim cyfrif CoProduction ar gyfer {1}. Gofynnwch i weinyddwr eich ychwanegu gyda'r cyfeiriad e-bost hwnnw, yna mewngofnodwch eto.",
        "Wnaeth {0} ddim rhoi eich cyfeiriad e-bost i ni, felly allwn ni ddim dod o hyd i'ch cyfrif. Gofynnwch i weinyddwr am help.",
        "Nid yw {0} wedi gwirio eich cyfeiriad e-bost, felly allwn ni ddim ei ddefnyddio i ddod o hyd i'ch cyfrif. Gofynnwch i weinyddwr am help.",
        "Mae eich cyfrif CoProduction eisoes wedi'i gysylltu â chyfrif {0} gwahanol. Gofynnwch i weinyddwr am help.",
        "Mae eich cyfrif wedi'i gloi am 15 munud ar ôl gormod o gyfrineiriau anghywir. Rhowch gynnig arall arni yn nes ymlaen, neu gofynnwch i weinyddwr.",
        "Wnaeth y mewngofnodi ddim gorffen",
        "Efallai ei fod wedi cymryd gormod o amser, wedi'i agor ddwywaith, neu wedi'i newid ar y ffordd. Dechreuwch eto o'r dudalen fewngofnodi.",
        "Doedd dim modd cyrraedd {0}",
        "Wnaeth {0} ddim ateb ar hyn o bryd. Rhowch gynnig arall arni mewn ychydig funudau, neu mewngofnodwch gyda'ch cyfeiriad e-bost a'ch cyfrinair.",
        "Rydych wedi mewngofnodi.",
        "Parhau",
        "Yn ôl i'r dudalen fewngofnodi");

    public static OpenIdWords For(string? lang) => string.Equals(lang, "cy", StringComparison.OrdinalIgnoreCase) ? Welsh : English;

    /// <summary>A sentence with the provider's name and, where it has one, the email address filled in.</summary>
    public static string Fill(string sentence, string? provider, string? email = null) => string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, provider ?? "", email ?? "");

    /// <summary>Why someone was not signed in, in their language.</summary>
    public string Refusal(OpenIdOutcome outcome) => outcome switch
    {
        OpenIdOutcome.NoAccount => NoAccount,
        OpenIdOutcome.NoEmail => NoEmail,
        OpenIdOutcome.EmailNotVerified => NotVerified,
        OpenIdOutcome.LinkedToAnother => LinkedToAnother,
        OpenIdOutcome.LockedOut => LockedOut,
        _ => Failed,
    };
}
