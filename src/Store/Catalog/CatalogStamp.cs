namespace CoProduction.Store.Catalog;

/// <summary>What <see cref="SurveyCatalogProvider"/> compares to know the catalog is unchanged: the value of <see cref="CatalogStampRow"/>.</summary>
public sealed record CatalogStamp(long Value);
