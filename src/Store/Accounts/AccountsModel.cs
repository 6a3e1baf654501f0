using CoProduction.Store.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Accounts;

/// <summary>Accounts' own tables and the link from a board member to their account (Identity's tables are its own).</summary>
internal static class AccountsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Account>(e =>
        {
            e.Property(a => a.DisplayName).HasMaxLength(200);
            e.Property(a => a.PhoneNumber).HasMaxLength(20);
            // Board members sign in by their phone number, so it names one account only.
            e.HasIndex(a => a.PhoneNumber).IsUnique().HasFilter("\"PhoneNumber\" IS NOT NULL");
        });
        model.Entity<IdentityRole<Guid>>().HasData(AccountRoles.Seed());

        model.Entity<SignInLink>(e =>
        {
            e.Property(l => l.TokenHash).HasMaxLength(64);
            e.Property(l => l.CodeHash).HasMaxLength(64);
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => new { l.AccountId, l.CreatedAt });
            e.HasOne<Account>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.Role).HasMaxLength(16);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<AuditEvent>(e =>
        {
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Detail).HasMaxLength(1000);
            e.HasIndex(a => a.At);
        });

        model.Entity<BoardMember>(e =>
        {
            // One member row per account: the member is who signed in, so two rows would be two votes.
            e.HasIndex(m => m.AccountId).IsUnique().HasFilter("\"AccountId\" IS NOT NULL");
            e.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}
