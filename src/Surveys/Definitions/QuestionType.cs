namespace CoProduction.Surveys.Definitions;

public enum QuestionType
{
    /// <summary>Whole numbers min..max, for example 1 to 5.</summary>
    Scale,
    /// <summary>One of a list of options, each with an id, text and synonyms.</summary>
    Choice,
    YesNo,
    /// <summary>A whole number in a range, for example visits in a month.</summary>
    Number,
    /// <summary>Free text up to a length cap.</summary>
    Text,
    Date,
}
