namespace CoProduction.Store.FreeText;

public enum PersonalDataKind { Phone, Email, Name }

/// <summary>Something in a text that may identify a person: its kind and where it is.</summary>
public sealed record PersonalDataFinding(PersonalDataKind Kind, int Start, int Length, string Text)
{
    public static string Name(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Phone => "phone",
        PersonalDataKind.Email => "email",
        _ => "name",
    };
}
