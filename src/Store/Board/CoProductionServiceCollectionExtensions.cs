using CoProduction.Store.Library;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Store.Board;

public static class CoProductionServiceCollectionExtensions
{
    /// <summary>The co-production board, its word lists, and the approval rule on publishing (section CoProduction).</summary>
    public static IServiceCollection AddCoProduction(this IServiceCollection services)
    {
        services.AddOptions<CoProductionOptions>()
            .BindConfiguration(CoProductionOptions.Section)
            // One person is never a quorum: each approval is one signed-in member's own.
            .Validate(o => o.Quorum >= 2, "CoProduction:Quorum must be 2 or more, so that one person can never approve alone")
            .ValidateOnStart();
        services.TryAddScoped<ReviewBoard>();
        services.TryAddScoped<WordListStore>();
        services.TryAddScoped<ReviewSheet>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IPublishRule, ApprovalRule>());
        return services;
    }
}
