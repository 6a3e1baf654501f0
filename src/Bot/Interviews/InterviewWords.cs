namespace CoProduction.Bot.Interviews;

/// <summary>Every sentence of the interview pages, in plain English and in Welsh.</summary>
public sealed record InterviewWords(
    string Lang, string HtmlLang, string OtherLang, string OtherLangName,
    string Title, string Intro, string YourInterviews, string Continue, string DueHeading, string DueHint, string NoneDue,
    string SearchLabel, string SearchButton, string NoneFound, string CheckinDue, string NoCheckin, string Start,
    string StartTitle, string SurveyLabel, string ModeLegend, string InPerson, string ByPhone,
    string AnsweredByLegend, string ByPerson, string WithHelp, string OnBehalf,
    string ConsentLegend, string ConsentLabel, string StartButton, string ChooseSurvey, string ChooseMode, string ChooseAnsweredBy,
    string Cannot, string BackToList, string InterviewWith, string ReadAloud, string AnswerLabel, string AnswerHint, string EnterAnswer,
    string OrChoose, string EnterSomething, string AnswerTooLong, string TryAgain, string Finished, string Ended, string NotStarted, string ErrorTitle,
    string AskInWelsh, string AskInEnglish, string NeedConsent)
{
    public static readonly InterviewWords English = new(
        "en", "en-GB", "cy", "Cymraeg",
        "Interviews",
        "Sit with the person, or call them. Read each question aloud, then enter their answer here. Their answers count with everyone else's.",
        "Your interviews that are not finished", "Carry on with", "Due a check-in",
        "People whose yearly check-in is due in the next month, or overdue.", "Nobody is due a check-in.",
        "Find someone by name", "Find", "Nobody has that name.", "Check-in due", "No check-in date", "Interview",
        "Interview", "Survey", "How are you talking?", "In person", "By phone",
        "Who will answer?", "The person answers", "The person answers with help", "Someone answers on their behalf",
        "Consent", "They agree to the interview, and to us keeping their answers.", "Start the interview",
        "Choose a survey.", "Choose how you are talking.", "Choose who will answer.",
        "This person cannot be interviewed", "Back to interviews", "Interview with", "Read this aloud:",
        "Their answer", "Type what they said, or press a button below.", "Enter answer",
        "Or press their answer:", "Type their answer, or press one of the buttons.", "The answer is too long. Use up to {0} characters.",
        "Someone else saved at the same moment. Press the button again.",
        "The interview is finished. Thank you.", "The interview ended before the last question.", "The survey could not start. Go back and try again.",
        "There is a problem", "Ask in Welsh", "Ask in English",
        "Ask the person if they agree, and tick the box only when they do.");

    public static readonly InterviewWords Welsh = new(
        "cy", "cy", "en", "English",
        "Cyfweliadau",
        "Eisteddwch gyda'r person, neu ffoniwch nhw. Darllenwch bob cwestiwn yn uchel, yna rhowch eu hateb yma. Mae eu hatebion yn cyfrif gyda phawb arall.",
        "Eich cyfweliadau sydd heb orffen", "Parhau gyda", "Mae angen gwiriad",
        "Pobl y mae eu gwiriad blynyddol yn ddyledus yn y mis nesaf, neu'n hwyr.", "Does neb angen gwiriad.",
        "Chwilio am rywun yn ôl enw", "Chwilio", "Does gan neb yr enw hwnnw.", "Gwiriad yn ddyledus", "Dim dyddiad gwiriad", "Cyfweld",
        "Cyfweliad", "Arolwg", "Sut ydych chi'n siarad?", "Wyneb yn wyneb", "Dros y ffôn",
        "Pwy fydd yn ateb?", "Y person sy'n ateb", "Y person sy'n ateb gyda help", "Rhywun sy'n ateb ar eu rhan",
        "Caniatâd", "Maen nhw'n cytuno i'r cyfweliad, ac i ni gadw eu hatebion.", "Dechrau'r cyfweliad",
        "Dewiswch arolwg.", "Dewiswch sut rydych chi'n siarad.", "Dewiswch pwy fydd yn ateb.",
        "Does dim modd cyfweld y person hwn", "Yn ôl i gyfweliadau", "Cyfweliad gyda", "Darllenwch hwn yn uchel:",
        "Eu hateb", "Teipiwch beth ddywedon nhw, neu pwyswch fotwm isod.", "Rhoi'r ateb",
        "Neu pwyswch eu hateb:", "Teipiwch eu hateb, neu pwyswch un o'r botymau.", "Mae'r ateb yn rhy hir. Defnyddiwch hyd at {0} nod.",
        "Cadwodd rhywun arall ar yr un pryd. Pwyswch y botwm eto.",
        "Mae'r cyfweliad wedi gorffen. Diolch.", "Daeth y cyfweliad i ben cyn y cwestiwn olaf.", "Doedd dim modd dechrau'r arolwg. Ewch yn ôl a rhowch gynnig arall arni.",
        "Mae problem", "Gofyn yn Gymraeg", "Gofyn yn Saesneg",
        "Gofynnwch i'r person a ydyn nhw'n cytuno, a thiciwch y blwch dim ond pan fyddan nhw'n cytuno.");

    public static InterviewWords For(string? lang) => lang?.Trim().ToLowerInvariant() == "cy" ? Welsh : English;

    /// <summary>The query string that keeps the page's language on the next page.</summary>
    public string Query => Lang == "cy" ? "?lang=cy" : "";
}
