using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Limits;

/// <summary>The tables behind limits shared by every node, kept out of StoreDbContext's own file.</summary>
internal static class LimitsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<RateCounter>(e =>
        {
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).HasMaxLength(200);
            e.HasIndex(c => c.Window);
        });

        model.Entity<SendPace>(e =>
        {
            e.HasKey(p => p.Number);
            e.Property(p => p.Number).HasMaxLength(64);
        });

        model.Entity<SendHandOver>(e =>
        {
            e.HasKey(h => h.Id);
            e.Property(h => h.Number).HasMaxLength(64);
            e.HasIndex(h => new { h.Number, h.EndedTicks });
        });
    }
}
