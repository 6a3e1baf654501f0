namespace CoProduction.Store.Model;

/// <summary>A person's membership of a group ("bristol-homes"), for choosing who a round goes to.</summary>
public sealed class PersonGroup
{
    public Guid PersonId { get; set; }
    public required string Group { get; set; }
}
