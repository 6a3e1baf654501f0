using CoProduction.Store.Results;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>The disclosure page's words in English and Welsh: board members may read either.</summary>
public sealed class DisclosureWords
{
    private readonly bool _welsh;

    private DisclosureWords(bool welsh) => _welsh = welsh;

    public static DisclosureWords For(string? lang) => new(string.Equals(lang?.Trim(), "cy", StringComparison.OrdinalIgnoreCase));

    public bool Welsh => _welsh;
    public string HtmlLang => _welsh ? "cy" : "en-GB";
    public string OtherLanguage => _welsh ? "English" : "Cymraeg";
    public string OtherLanguageLink => _welsh ? "/staff/disclosure" : "/staff/disclosure?lang=cy";

    private string T(string english, string welsh) => _welsh ? welsh : english;

    public string Title => T("Privacy numbers for public results", "Rhifau preifatrwydd ar gyfer canlyniadau cyhoeddus");
    public string Explain(int group, int small) => T(
        $"Public results never show a figure for a group answered by fewer than {group} people. An answer chosen by fewer than {small} people shows only as \"fewer than {small}\". The results page, messages sent back and vote results all use these numbers.",
        $"Dydy canlyniadau cyhoeddus byth yn dangos ffigur ar gyfer grŵp a atebwyd gan lai na {group} o bobl. Mae ateb a ddewiswyd gan lai na {small} o bobl yn dangos fel \"llai na {small}\" yn unig. Mae'r dudalen canlyniadau, y negeseuon a anfonir yn ôl a chanlyniadau pleidleisiau i gyd yn defnyddio'r rhifau hyn.");
    public string RaiseOnly => T(
        "The board can raise these numbers to protect people more. They can never be lowered here, so check before you save.",
        "Gall y bwrdd godi'r rhifau hyn i ddiogelu pobl yn fwy. Does dim modd eu gostwng yma, felly gwiriwch cyn cadw.");
    public string GroupLabel => T("Smallest group shown", "Y grŵp lleiaf a ddangosir");
    public string GroupHint(int now, int least) => T(
        $"No figure for a group answered by fewer people than this. Now {now}. It can be from {now} to {DisclosureSettings.Highest}.",
        $"Dim ffigur ar gyfer grŵp a atebwyd gan lai o bobl na hyn. Nawr {now}. Gall fod o {now} i {DisclosureSettings.Highest}.");
    public string SmallLabel => T("The \"fewer than\" number", "Y rhif \"llai na\"");
    public string SmallHint(int now) => T(
        $"An answer chosen by fewer people than this shows only as \"fewer than\". Now {now}. It can be from {now} to {DisclosureSettings.Highest}.",
        $"Mae ateb a ddewiswyd gan lai o bobl na hyn yn dangos fel \"llai na\" yn unig. Nawr {now}. Gall fod o {now} i {DisclosureSettings.Highest}.");
    public string Save => T("Raise the numbers", "Codi'r rhifau");
    public string Saved(int group, int small) => T(
        $"Saved. Public results now use {group} and {small}.",
        $"Wedi'i gadw. Mae canlyniadau cyhoeddus nawr yn defnyddio {group} a {small}.");
    public string Unchanged => T("Nothing changed: those are the numbers in force.", "Dim newid: dyna'r rhifau sydd mewn grym.");
    public string ErrorPrefix => T("Error:", "Gwall:");
    public string NotANumber(string field) => T(
        $"Enter the {Name(field)} as a whole number, like 15",
        $"Rhowch y {Name(field)} fel rhif cyfan, fel 15");
    public string Problem(RaiseProblem p) => p.TooHigh
        ? T($"The {Name(p.Field)} can be at most {p.Limit}", $"Gall y {Name(p.Field)} fod yn {p.Limit} ar y mwyaf")
        : T($"The {Name(p.Field)} is {p.Limit} now and can only be raised: enter {p.Limit} or more",
            $"Mae'r {Name(p.Field)} yn {p.Limit} nawr a dim ond ei godi sy'n bosibl: rhowch {p.Limit} neu fwy");

    private string Name(string field) => field == "minimumGroup"
        ? T("smallest group shown", "grŵp lleiaf a ddangosir")
        : T("\"fewer than\" number", "rhif \"llai na\"");
}
