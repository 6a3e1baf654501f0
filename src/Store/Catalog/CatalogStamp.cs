namespace CoProduction.Store.Catalog;

/// <summary>The numbers <see cref="SurveyCatalogProvider"/> compares to know the catalog is unchanged.</summary>
public sealed record CatalogStamp(long Versions, long PublishedVersions, long PublishedSurveys, long PublishedVersionSum);
