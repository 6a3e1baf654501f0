namespace CoProduction.Store.Library;

/// <summary>
/// One reason a survey may not be published yet. Each rule is registered in DI and asked in
/// turn, so the co-production approval quorum can be added as one more rule without changing
/// <see cref="SurveyLibrary"/>.
/// </summary>
public interface IPublishRule
{
    /// <returns>Plain-English reasons it may not be published; empty when this rule is satisfied.</returns>
    Task<IReadOnlyList<string>> CheckAsync(PublishCandidate candidate, CancellationToken ct);
}
