using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoProduction.Store.Interviews;

/// <summary>The interviews table: one interview in progress per person and one interview per session, kept by the database.</summary>
internal sealed class InterviewsModel : IEntityTypeConfiguration<Interview>
{
    public const string OneInProgressPerPerson = "IX_Interviews_InProgressPerPerson";

    public void Configure(EntityTypeBuilder<Interview> e)
    {
        e.ToTable("Interviews");
        e.Property(i => i.SurveyId).HasMaxLength(64);
        e.Property(i => i.LastTurnId).HasMaxLength(InterviewTurnIds.MaxLength);
        e.Property(i => i.Mode).HasConversion<string>().HasMaxLength(16);
        e.Property(i => i.AnsweredBy).HasConversion<string>().HasMaxLength(16);
        e.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        // Two "start" presses at once must not leave two interviews with one person.
        e.HasIndex(i => i.PersonId).IsUnique().HasFilter("\"Status\" = 'InProgress'").HasDatabaseName(OneInProgressPerPerson);
        e.HasIndex(i => i.SessionId).IsUnique().HasFilter("\"SessionId\" IS NOT NULL");
        e.HasIndex(i => new { i.InterviewerId, i.Status });
        e.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId);
        e.HasOne<Survey>().WithMany().HasForeignKey(i => i.SurveyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Session>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Restrict);
    }
}
