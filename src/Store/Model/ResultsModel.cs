using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Model;

/// <summary>The results tables (actions, releases, exports, themes, quotes, votes), kept out of StoreDbContext's own file.</summary>
internal static class ResultsModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<ActionStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    public static void Configure(ModelBuilder model)
    {
        model.Entity<SurveyAction>(e =>
        {
            e.Property(a => a.SurveyId).HasMaxLength(64);
            e.Property(a => a.QuestionId).HasMaxLength(64);
            e.Property(a => a.Text).HasMaxLength(ActionLimits.TextLength);
            e.Property(a => a.Why).HasMaxLength(ActionLimits.TextLength);
            e.Property(a => a.TextCy).HasMaxLength(ActionLimits.TextLength);
            e.Property(a => a.WhyCy).HasMaxLength(ActionLimits.TextLength);
            e.Property(a => a.Fingerprint).HasMaxLength(64);
            e.HasIndex(a => new { a.SurveyId, a.Fingerprint }).IsUnique();
            e.HasOne<Survey>().WithMany().HasForeignKey(a => a.SurveyId);
            e.HasOne<Round>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<ResultsRelease>(e =>
        {
            e.Property(r => r.SurveyId).HasMaxLength(64);
            e.Property(r => r.Scope).HasMaxLength(48);
            e.HasIndex(r => new { r.SurveyId, r.Scope }).IsUnique();
            e.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId);
            e.HasOne<Round>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<DisclosureSetting>(e =>
        {
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.Version).IsConcurrencyToken();
            // The one row exists from the start, so two first saves race on an update the
            // concurrency token guards, not on two inserts.
            e.HasData(new DisclosureSetting
            {
                Id = DisclosureSetting.OnlyId,
                MinimumGroup = Results.DisclosureOptions.LeastMinimumGroup,
                SmallCount = Results.DisclosureOptions.LeastSmallCount,
            });
        });

        model.Entity<ExportRecord>(e =>
        {
            e.Property(x => x.SurveyId).HasMaxLength(64);
            e.Property(x => x.Who).HasMaxLength(200);
            e.Property(x => x.Format).HasMaxLength(8);
            e.HasIndex(x => new { x.SurveyId, x.At });
        });
    }
}

/// <summary>How long an action's words may be: a few sentences for the public page.</summary>
public static class ActionLimits
{
    public const int TextLength = 1000;
}
