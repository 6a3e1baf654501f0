namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The words of the results sent back to people and of quick votes, in English and Welsh: kept in
/// one place beside <see cref="Phrases"/> so peer researchers review them together. Written to fit
/// one GSM-7 text (no Welsh letters outside GSM-7, such as w or y with a circumflex).
/// </summary>
public sealed class ResultsPhrases
{
    public static readonly ResultsPhrases English = new(false);
    public static readonly ResultsPhrases Welsh = new(true);

    private readonly bool _cy;

    private ResultsPhrases(bool cy) => _cy = cy;

    public static ResultsPhrases For(string? language) =>
        string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase) ? Welsh : English;

    public string Language => _cy ? "cy" : "en";

    // Survey results: the main finding, then where to see the rest.
    public string MostSaid(string answer, int count, int total) => _cy
        ? $"dywedodd y rhan fwyaf {answer} ({count} o {total})"
        : $"most people said {answer} ({count} of {total})";

    public string ResultsOf(string title, string finding) => _cy ? $"Canlyniadau {title}: {finding}." : $"Results of {title}: {finding}.";

    public string ResultsOut(string title) => _cy ? $"Mae canlyniadau {title} yma." : $"The results of {title} are out.";

    public string ResultsReady => _cy ? "Mae canlyniadau eich arolwg yma." : "Your survey results are out.";

    public string SeeAllAndActions(string link) => _cy
        ? $"Y cyfan, a beth rydym yn ei wneud: {link}"
        : $"See them all and what we are doing: {link}";

    public string SeeMore(string link) => _cy ? $"Mwy: {link}" : $"More: {link}";

    public string StopToStop => _cy ? "Tecstiwch STOP i stopio." : "Text STOP to stop.";

    public string SeeOnWebsite => _cy
        ? "Gallwch weld yr holl ganlyniadau, a beth rydym yn ei wneud, ar ein gwefan. Diolch."
        : "You can see all the results, and what we are doing, on our website. Thank you.";

    public string Yes => _cy ? "ie" : "yes";
    public string No => _cy ? "na" : "no";

    // Quick votes.
    public string Won(string option, int count, int total) => _cy
        ? $"{option} enillodd: {count} pleidlais allan o {total}."
        : $"{option} won: {count} of {total} votes.";

    public string Tied(string first, string second, int count, int total) => _cy
        ? $"{first} a {second} yn gyfartal: {count} pleidlais yr un, allan o {total}."
        : $"{first} and {second} tied: {count} votes each, of {total}.";

    public string VoteClosed => _cy ? "Mae'r bleidlais wedi cau." : "The vote has closed.";

    public string TooFewVoted(int minimum) => _cy
        ? $"Mae'r bleidlais wedi cau. Pleidleisiodd llai na {minimum} o bobl, felly mae'r niferoedd yn breifat."
        : $"The vote has closed. Fewer than {minimum} people voted, so the numbers stay private.";

    public string VoteOn(string question) => _cy ? $"Pleidlais: {question}" : $"Vote: {question}";

    public string ThanksForVoting => _cy ? "Diolch am bleidleisio." : "Thank you for voting.";

    public string VoteIntro => _cy ? "Pleidlais gyflym, un cwestiwn." : "A quick vote: one question.";

    public string VoteOutro => _cy
        ? "Diolch am bleidleisio. Byddwn yn dweud y canlyniad wrthych pan fydd y bleidlais yn cau."
        : "Thank you for voting. We will tell you the result when the vote closes.";

    // The yearly check-in's opening: what they told us last time, and what we did.
    public string LastTimeYouSaid(string question, string answer) => _cy
        ? $"Y llynedd, i '{question}' dywedoch chi: {answer}."
        : $"Last year you told us: {answer}, to '{question}'.";

    public string WeDid(string action) => _cy ? $"Beth wnaethom ni: {action}" : $"We did this: {action}";
}
