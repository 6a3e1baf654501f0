using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.DataProtection;

public static class StoreDataProtection
{
    /// <summary>
    /// The same on every node: by default ASP.NET isolates apps by their install path, and two
    /// nodes installed in different folders could then not read each other's cookies.
    /// </summary>
    public const string ApplicationName = "CoProduction";

    /// <summary>Keys kept in the store's DataProtectionKeys table, shared by every node on the store.</summary>
    public static IServiceCollection AddStoreDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<StoreDbContext>();
        return services;
    }
}
