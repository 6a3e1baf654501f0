namespace CoProduction.Store.Migrations;

/// <summary>
/// Runs in the SafetyGuards migration (both providers) before its unique indexes are created:
/// a store written before them may hold the duplicates they forbid (races left several open
/// sessions for one person, and repeated approvals), and creating the index would then fail.
/// Data, not model: keep these calls when the migration is regenerated.
/// </summary>
public static class SafetyGuardsCleanup
{
    /// <summary>Keeps each person's latest open session; the older ones count as started again.</summary>
    public const string OpenSessions = """
        UPDATE "Sessions" SET "Status" = 'Abandoned'
        WHERE "Status" IN ('Active', 'AwaitingCarryOn')
          AND EXISTS (
            SELECT 1 FROM "Sessions" AS newer
            WHERE newer."PersonId" = "Sessions"."PersonId"
              AND newer."Status" IN ('Active', 'AwaitingCarryOn')
              AND (newer."LastActivityAt" > "Sessions"."LastActivityAt"
                   OR (newer."LastActivityAt" = "Sessions"."LastActivityAt" AND newer."Id" > "Sessions"."Id")));
        """;

    /// <summary>Keeps each member's first approval of a version.</summary>
    public const string Approvals = """
        DELETE FROM "Approvals"
        WHERE "MemberId" IS NOT NULL
          AND EXISTS (
            SELECT 1 FROM "Approvals" AS earlier
            WHERE earlier."SurveyId" = "Approvals"."SurveyId"
              AND earlier."Version" = "Approvals"."Version"
              AND earlier."MemberId" = "Approvals"."MemberId"
              AND earlier."Id" < "Approvals"."Id");
        """;
}
