using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Conversations;

/// <summary>What the bot needs before a turn: who this is (if we know them) and their state.</summary>
/// <param name="PersonId">Null for someone we have never saved a turn for.</param>
public sealed record ConversationRecord(Guid? PersonId, ConversationState State)
{
    public bool IsNewPerson => PersonId is null;

    /// <summary>The catalog stamp and whether a pilot was started here, when the load read them in
    /// the same round trip (SurveyCatalogProvider.GetForTurnAsync then asks nothing more).</summary>
    public (Catalog.CatalogStamp Stamp, bool PilotRunsHere)? Catalog { get; init; }
}
