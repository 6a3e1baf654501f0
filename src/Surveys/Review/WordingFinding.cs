namespace CoProduction.Surveys.Review;

/// <summary>
/// One piece of advice about a wording. Checks advise, people decide: nothing here stops a
/// survey being approved.
/// </summary>
/// <param name="Check">Short stable name: reading-ease, grade, long-sentence, long-word, jargon, stigmatising, sms-encoding, sms-segments, voice-length, read-aloud, easy-read-sentence, easy-read-word, missing-easy-read.</param>
/// <param name="Message">What was found, in plain English.</param>
/// <param name="Suggestion">What could be said instead, when there is one.</param>
public sealed record WordingFinding(string Check, string Message, string? Suggestion = null);
