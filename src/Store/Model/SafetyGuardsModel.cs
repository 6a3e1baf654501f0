using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Model;

/// <summary>
/// The rules that code alone cannot keep when requests race, kept by the database as unique
/// (partial) indexes. Code that writes these rows treats a unique violation as "someone else did
/// it first" and reads again (see <see cref="StoreFailures.IsUniqueViolation"/>). People's unique
/// phone and web user id are in StoreDbContext with the rest of the person.
/// </summary>
internal static class SafetyGuardsModel
{
    public const string OneOpenSessionPerPerson = "IX_Sessions_OpenPerPerson";
    public const string OneApprovalPerMember = "IX_Approvals_PerMember";

    public static void Configure(ModelBuilder model)
    {
        // The engine works on one open survey per person; twenty first texts at once from a new
        // phone must not leave several half-started ones.
        model.Entity<Session>().HasIndex(s => s.PersonId)
            .IsUnique()
            .HasFilter("\"Status\" IN ('Active', 'AwaitingCarryOn')")
            .HasDatabaseName(OneOpenSessionPerPerson);

        // A member approves a version once; approvals given by configuration have no member.
        model.Entity<Approval>().HasIndex(a => new { a.SurveyId, a.Version, a.MemberId })
            .IsUnique()
            .HasFilter("\"MemberId\" IS NOT NULL")
            .HasDatabaseName(OneApprovalPerMember);
    }
}
