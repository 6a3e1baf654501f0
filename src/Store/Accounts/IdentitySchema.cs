using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Accounts;

/// <summary>
/// Identity picks its table layout from <see cref="StoreOptions.SchemaVersion"/>, which it reads
/// from the context's application services. The store's contexts are made without a host (the
/// factory, the design-time tools, tests), so without this each would build the version 1 layout.
/// Version 3 adds the passkeys table (AspNetUserPasskeys).
/// </summary>
public static class IdentitySchema
{
    public static readonly Version Version = IdentitySchemaVersions.Version3;

    private static readonly IServiceProvider Services = new OnlyIdentityOptions();

    public static void Use(DbContextOptionsBuilder options)
    {
        // A host that passes its own services keeps them; the version is then the host's
        // IdentityOptions.Stores.SchemaVersion (AddAccounts sets the same version).
        if (options.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            options.UseApplicationServiceProvider(Services);
        }
    }

    /// <summary>One shared instance, so EF keeps one internal service provider for all contexts.</summary>
    private sealed class OnlyIdentityOptions : IServiceProvider
    {
        private readonly IOptions<IdentityOptions> _identity = Options.Create(new IdentityOptions { Stores = { SchemaVersion = Version } });

        public object? GetService(Type serviceType) => serviceType == typeof(IOptions<IdentityOptions>) ? _identity : null;
    }
}
