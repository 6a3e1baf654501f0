using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Model;

/// <summary>The scheduling tables (groups, rounds, invitations), kept out of StoreDbContext's own file.</summary>
internal static class SchedulingModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<InvitationStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<InvitationKind>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<RoundChannel>().HaveConversion<string>().HaveMaxLength(16);
    }

    public static void Configure(ModelBuilder model)
    {
        model.Entity<PersonGroup>(e =>
        {
            e.HasKey(g => new { g.Group, g.PersonId });
            e.Property(g => g.Group).HasMaxLength(100);
            e.HasIndex(g => g.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(g => g.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Round>(e =>
        {
            e.Property(r => r.SurveyId).HasMaxLength(64);
            e.Property(r => r.Groups).HasMaxLength(2000);
            e.Ignore(r => r.GroupList);
            e.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Invitation>(e =>
        {
            e.Property(i => i.IdempotencyKey).HasMaxLength(120);
            e.Property(i => i.SurveyId).HasMaxLength(64);
            e.Property(i => i.Token).HasMaxLength(64);
            e.Property(i => i.ProviderId).HasMaxLength(64);
            e.Property(i => i.LastError).HasMaxLength(500);
            e.Property(i => i.UnsentTexts).HasMaxLength(TextLimitsModel.Document);
            e.HasIndex(i => i.IdempotencyKey).IsUnique();
            e.HasIndex(i => i.Token).IsUnique();
            e.HasIndex(i => new { i.Status, i.NotBefore });
            e.HasIndex(i => new { i.RoundId, i.Status });
            e.HasIndex(i => new { i.PersonId, i.Status });
            // Only rows that have one: a new invitation has neither, so making a million of them
            // adds nothing to these two indexes (each query here asks for a value, which implies
            // IS NOT NULL, so SQLite and PostgreSQL both use the filtered index).
            e.HasIndex(i => i.ProviderId).HasFilter("\"ProviderId\" IS NOT NULL");
            e.HasIndex(i => i.RemindAt).HasFilter("\"RemindAt\" IS NOT NULL");
            e.HasIndex(i => i.ExpiresAt);
            e.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId);
            e.HasOne<Round>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
