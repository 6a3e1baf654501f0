using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Setup;

/// <summary>
/// The request's <see cref="StoreDbContext"/>, rented from the pool only when something asks for
/// it. The common SMS turn runs on prepared statements and never needs EF (ConversationStore.Prepared.cs),
/// and renting and resetting a pooled context was still about a tenth of its CPU in a profile;
/// the rare turns (a new person, STOP, an invitation) ask for the context and get the scope's own.
/// </summary>
public sealed class StoreContextLease
{
    private readonly IServiceProvider? _services;
    private readonly IDbContextFactory<StoreDbContext>? _contexts;
    private StoreDbContext? _db;

    public StoreContextLease(IServiceProvider services) => _services = services;

    /// <summary>A lease of a context the caller holds already.</summary>
    internal StoreContextLease(StoreDbContext db) => _db = db;

    /// <summary>A lease outside any scope (a singleton's statements): rented from the pool on first use, given back by the caller.</summary>
    internal StoreContextLease(IDbContextFactory<StoreDbContext> contexts) => _contexts = contexts;

    /// <summary>The scope's context, rented on first use.</summary>
    public StoreDbContext Context => _db ??= _contexts?.CreateDbContext() ?? _services!.GetRequiredService<StoreDbContext>();

    /// <summary>True once the context was asked for.</summary>
    public bool Rented => _db is not null;
}
