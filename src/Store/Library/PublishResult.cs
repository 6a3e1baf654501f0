namespace CoProduction.Store.Library;

/// <summary>What publishing did: expected refusals are values, not exceptions.</summary>
public sealed record PublishResult(PublishStatus Status, int? Version, IReadOnlyList<string> Reasons)
{
    public static PublishResult Published(int version) => new(PublishStatus.Published, version, []);
    public static PublishResult NotFound() => new(PublishStatus.NotFound, null, []);
    public static PublishResult Conflict(IReadOnlyList<string> reasons) => new(PublishStatus.Conflict, null, reasons);

    /// <summary>All reasons as one plain message, for a 409 body.</summary>
    public string Reason => string.Join(" ", Reasons);
}
