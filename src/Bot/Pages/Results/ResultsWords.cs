using System.Globalization;
using CoProduction.Store.Model;

namespace CoProduction.Bot.Pages.Results;

/// <summary>
/// The public results page's own words, in English and Welsh: short sentences, numbers as
/// "3 out of 10 people". The survey's words (questions, options) come from the survey file.
/// </summary>
public sealed class ResultsWords
{
    private readonly bool _welsh;

    private ResultsWords(bool welsh) => _welsh = welsh;

    public static ResultsWords For(string language) => new(language == "cy");

    public string Language => _welsh ? "cy" : "en";
    public string HtmlLang => _welsh ? "cy" : "en-GB";

    private string T(string english, string welsh) => _welsh ? welsh : english;

    public string PageTitle(string survey) => T($"{survey}: results", $"{survey}: canlyniadau");
    public string NotReady => T("The results are not ready yet. Please come back later.", "Dydy'r canlyniadau ddim yn barod eto. Dewch yn ôl rywbryd eto.");
    public string NoSurvey => T("We could not find that survey. Check the link.", "Doedden ni ddim yn gallu dod o hyd i'r arolwg. Gwiriwch y ddolen.");
    public string NotFoundTitle => T("Not found", "Heb ei ganfod");
    public string Published(DateTimeOffset at) => T($"Published on {Date(at)}.", $"Cyhoeddwyd ar {Date(at)}.");
    public string Answered(int people) => T($"{people} people answered.", $"Atebodd {people} o bobl.");
    public string TooFewOverall(int minimum) => T(
        $"Fewer than {minimum} people answered. We do not show the answers. This keeps everyone's answers private.",
        $"Atebodd llai na {minimum} o bobl. Dydyn ni ddim yn dangos yr atebion. Mae hyn yn cadw atebion pawb yn breifat.");
    public string TooFew(int minimum) => T(
        $"Fewer than {minimum} people answered this. We do not show the answers, to keep them private.",
        $"Atebodd llai na {minimum} o bobl hyn. Dydyn ni ddim yn dangos yr atebion, er mwyn eu cadw'n breifat.");
    public string Privacy(int small) => T(
        $"This page has no names and no phone numbers. If fewer than {small} people gave an answer, we only say \"fewer than {small}\". Some other numbers are hidden too, so nobody can be picked out.",
        $"Does dim enwau na rhifau ffôn ar y dudalen hon. Os rhoddodd llai na {small} o bobl ateb, dim ond \"llai na {small}\" rydyn ni'n ei ddweud. Mae rhai niferoedd eraill wedi'u cuddio hefyd, fel na all neb gael ei adnabod.");
    public string WhatPeopleSaid => T("What people told us", "Beth ddywedodd pobl wrthon ni");
    public string OutOf(int count, int total) => T($"{count} out of {total} people", $"{count} allan o {total} o bobl");
    public string FewerThan(int small, int total) => T($"Fewer than {small} out of {total} people", $"Llai na {small} allan o {total} o bobl");
    public string Hidden => T("Not shown, so nobody can be picked out", "Heb ei ddangos, fel na all neb gael ei adnabod");
    public string Change(int change) => change switch
    {
        > 0 => T($"{change} more than last time", $"{change} yn fwy na'r tro diwethaf"),
        < 0 => T($"{-change} fewer than last time", $"{-change} yn llai na'r tro diwethaf"),
        _ => T("The same as last time", "Yr un fath â'r tro diwethaf"),
    };
    public string ComparedWith(DateTimeOffset at) => T($"We compare with the results from {Date(at)}.", $"Rydyn ni'n cymharu â chanlyniadau {Date(at)}.");
    public string YouSaidWeDid => T("You said, we did", "Dywedoch chi, fe wnaethon ni");
    public string NoActionsYet => T("We have not written down what we will do yet.", "Dydyn ni ddim wedi ysgrifennu beth fyddwn ni'n ei wneud eto.");
    public string Status(ActionStatus status) => status switch
    {
        ActionStatus.Planned => T("We plan to do this.", "Rydyn ni'n bwriadu gwneud hyn."),
        ActionStatus.Done => T("We did this.", "Fe wnaethon ni hyn."),
        _ => T("We could not do this.", "Doedd dim modd i ni wneud hyn."),
    };
    public string Why => T("Why:", "Pam:");
    public string Quotes => T("In people's own words", "Yng ngeiriau pobl eu hunain");
    public string ThemesHeading => T("What people wrote about", "Beth ysgrifennodd pobl amdano");
    public string Wrote(int people) => T(
        $"{people} people wrote an answer. One answer can be about more than one thing.",
        $"Ysgrifennodd {people} o bobl ateb. Gall un ateb fod am fwy nag un peth.");
    public string TooFewWrote(int minimum) => T(
        $"Fewer than {minimum} people wrote an answer. We do not show what they wrote about, to keep it private.",
        $"Ysgrifennodd llai na {minimum} o bobl ateb. Dydyn ni ddim yn dangos beth ysgrifennon nhw amdano, er mwyn ei gadw'n breifat.");
    public string Print => T("Print this page", "Argraffu'r dudalen hon");
    public string Share => T("Share this page with this link:", "Rhannwch y dudalen hon gyda'r ddolen hon:");
    public string OtherLanguage => T("Cymraeg", "English");
    public string OtherLanguageCode => _welsh ? "en" : "cy";

    /// <summary>Yes, no, unclear and skipped: the page's words, not the survey's.</summary>
    public string Answer(string key, string? label) => key switch
    {
        "yes" => T("Yes", "Ie"),
        "no" => T("No", "Na"),
        CoProduction.Store.Results.ResultsQuery.Unclear => T("We could not understand the answer", "Doedden ni ddim yn deall yr ateb"),
        CoProduction.Store.Results.ResultsQuery.Skipped => T("Did not answer", "Heb ateb"),
        _ when label is not null && int.TryParse(key, out _) => $"{key}: {label}",
        _ => label ?? key,
    };

    private string Date(DateTimeOffset at) =>
        at.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo(_welsh ? "cy-GB" : "en-GB"));
}
