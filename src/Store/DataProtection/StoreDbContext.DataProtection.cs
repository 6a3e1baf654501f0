using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store;

/// <summary>
/// The Data Protection key ring lives in the store, so a sign-in cookie or antiforgery token made
/// by one node is read by every other node, and still after a restart.
/// </summary>
public partial class StoreDbContext : IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
