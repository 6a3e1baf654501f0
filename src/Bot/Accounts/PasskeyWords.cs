namespace CoProduction.Bot.Accounts;

/// <summary>Every sentence about passkeys a person reads, in plain English and in Welsh.</summary>
public sealed record PasskeyWords(
    string Lang, string HtmlLang, string OtherLang, string OtherLangName,
    string Title, string Intro, string NoneYet, string YourPasskeys, string AddedOn, string LastUsedHint,
    string NameLabel, string NameHint, string DefaultName, string AddButton, string RemoveButton,
    string Added, string Removed, string AddFailed, string NameTooLong, string NotFound,
    string SignInHeading, string SignInIntro, string SignInButton, string SignInFailed, string NoPasskeySupport)
{
    public static readonly PasskeyWords English = new(
        "en", "en-GB", "cy", "Cymraeg",
        "Passkeys",
        "A passkey lets you sign in with your phone's or computer's lock (your fingerprint, face or PIN) instead of a password or a text. Add one on each phone or computer you use.",
        "You have no passkeys yet.",
        "Your passkeys",
        "Added",
        "Remove a passkey when you lose that phone or computer. It stops working at once.",
        "Name for this passkey (optional)", "So you can tell them apart, like \"My phone\".", "Passkey",
        "Add a passkey on this device", "Remove",
        "Your passkey was added. Next time, press \"Use a passkey\" on the sign-in page.",
        "The passkey was removed. It cannot be used to sign in any more.",
        "The passkey could not be added. Try again, or use another phone or computer.",
        "The name is too long. Use up to 100 characters.",
        "That passkey is not on your account.",
        "Sign in with a passkey",
        "Use the passkey you added on this phone or computer.",
        "Use a passkey",
        "That passkey did not work. It may have been removed. Sign in another way and add it again.",
        "This browser cannot use passkeys. Sign in another way.");

    public static readonly PasskeyWords Welsh = new(
        "cy", "cy", "en", "English",
        "Allweddi mynediad",
        "Mae allwedd mynediad yn gadael i chi fewngofnodi gyda chlo eich ffôn neu'ch cyfrifiadur (eich ôl bys, eich wyneb neu PIN) yn lle cyfrinair neu neges destun. Ychwanegwch un ar bob ffôn neu gyfrifiadur rydych yn ei ddefnyddio.",
        "Does gennych chi ddim allweddi mynediad eto.",
        "Eich allweddi mynediad",
        "Ychwanegwyd",
        "Tynnwch allwedd mynediad os ydych yn colli'r ffôn neu'r cyfrifiadur hwnnw. Mae'n stopio gweithio ar unwaith.",
        "Enw ar gyfer yr allwedd hon (dewisol)", "Er mwyn i chi allu eu gwahaniaethu, fel \"Fy ffôn\".", "Allwedd mynediad",
        "Ychwanegu allwedd mynediad ar y ddyfais hon", "Tynnu",
        "Mae eich allwedd mynediad wedi'i hychwanegu. Y tro nesaf, pwyswch \"Defnyddio allwedd mynediad\" ar y dudalen fewngofnodi.",
        "Mae'r allwedd mynediad wedi'i thynnu. Does dim modd ei defnyddio i fewngofnodi mwyach.",
        "Doedd dim modd ychwanegu'r allwedd mynediad. Rhowch gynnig arall arni, neu defnyddiwch ffôn neu gyfrifiadur arall.",
        "Mae'r enw'n rhy hir. Defnyddiwch hyd at 100 o nodau.",
        "Nid yw'r allwedd mynediad honno ar eich cyfrif.",
        "Mewngofnodi gydag allwedd mynediad",
        "Defnyddiwch yr allwedd mynediad a ychwanegoch ar y ffôn neu'r cyfrifiadur hwn.",
        "Defnyddio allwedd mynediad",
        "Wnaeth yr allwedd mynediad ddim gweithio. Efallai ei bod wedi'i thynnu. Mewngofnodwch mewn ffordd arall a'i hychwanegu eto.",
        "Nid yw'r porwr hwn yn gallu defnyddio allweddi mynediad. Mewngofnodwch mewn ffordd arall.");

    public static PasskeyWords For(string? lang) => string.Equals(lang, "cy", StringComparison.OrdinalIgnoreCase) ? Welsh : English;
}
