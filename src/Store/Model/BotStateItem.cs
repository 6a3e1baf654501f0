namespace CoProduction.Store.Model;

/// <summary>One Bot Framework state item (IStorage), kept in the shared store so every node sees it.</summary>
public sealed class BotStateItem
{
    public required string Key { get; set; }

    /// <summary>Newtonsoft JSON with type names, as Bot Framework's own storages write it.</summary>
    public required string Json { get; set; }

    /// <summary>Changes on every write; also the concurrency token, so two writers cannot both win.</summary>
    public required string ETag { get; set; }
}
