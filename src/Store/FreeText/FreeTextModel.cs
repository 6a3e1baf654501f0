using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>How long free-text things may be.</summary>
public static class FreeTextLimits
{
    public const int ThemeName = 60;
    public const int QuoteText = 2000;
    public const int Reason = 500;
    public const int Who = 200;
}

/// <summary>Themes, tags and quotes: the unique indexes make simultaneous identical requests leave one row.</summary>
internal static class FreeTextModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Theme>(e =>
        {
            e.ToTable("Themes");
            e.Property(t => t.SurveyId).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(FreeTextLimits.ThemeName);
            e.Property(t => t.NameKey).HasMaxLength(FreeTextLimits.ThemeName);
            e.HasIndex(t => new { t.SurveyId, t.NameKey }).IsUnique();
            e.HasOne<Survey>().WithMany().HasForeignKey(t => t.SurveyId);
        });

        model.Entity<AnswerTag>(e =>
        {
            e.ToTable("AnswerTags");
            e.Property(t => t.SurveyId).HasMaxLength(64);
            e.Property(t => t.TaggedBy).HasMaxLength(FreeTextLimits.Who);
            e.HasIndex(t => new { t.AnswerId, t.ThemeId }).IsUnique();
            e.HasIndex(t => new { t.SurveyId, t.ThemeId });
            e.HasOne<Answer>().WithMany().HasForeignKey(t => t.AnswerId);
            e.HasOne<Theme>().WithMany().HasForeignKey(t => t.ThemeId);
        });

        model.Entity<Quote>(e =>
        {
            e.ToTable("Quotes");
            e.Property(q => q.SurveyId).HasMaxLength(64);
            e.Property(q => q.QuestionId).HasMaxLength(64);
            e.Property(q => q.Text).HasMaxLength(FreeTextLimits.QuoteText);
            e.Property(q => q.Flags).HasMaxLength(64);
            e.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(q => q.ConfirmReason).HasMaxLength(FreeTextLimits.Reason);
            e.Property(q => q.ChosenBy).HasMaxLength(FreeTextLimits.Who);
            e.Property(q => q.ApprovedBy).HasMaxLength(FreeTextLimits.Who);
            e.HasIndex(q => q.AnswerId).IsUnique();
            e.HasIndex(q => new { q.SurveyId, q.Status });
            e.HasOne<Answer>().WithMany().HasForeignKey(q => q.AnswerId);
            e.HasOne<Survey>().WithMany().HasForeignKey(q => q.SurveyId);
        });
    }
}
