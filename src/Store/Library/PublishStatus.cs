namespace CoProduction.Store.Library;

public enum PublishStatus
{
    Published,
    NotFound,
    /// <summary>It may not be published yet; the reasons say why (HTTP 409).</summary>
    Conflict,
}
