namespace CoProduction.Store.Migrations;

/// <summary>
/// Runs in the AnswerSessionPersonKey migration (both providers) before the answers' one key to their session and its
/// person is added: every answer the service writes has its session's person (Model/AnswersModel.cs), but a store edited
/// by hand might hold one that does not, and adding the key would then fail at start-up. Such an answer takes its
/// session's person, whose answer it is by every count of the results (they go by the session). Data, not model: keep
/// this call when the migration is regenerated.
/// </summary>
public static class AnswerKeyCleanup
{
    /// <summary>
    /// SQLite only, first: EF's rebuild copies the answers into their new table (whose key names the sessions'
    /// <c>(Id, PersonId)</c>) while foreign keys are checked and before the sessions' own rebuild gives them that unique
    /// key, and SQLite refuses a key whose parent columns have no unique index ("foreign key mismatch"). This index gives
    /// them one meanwhile; it goes with the old sessions table when the rebuild drops it.
    /// </summary>
    public const string SqliteSessionsKeyDuringRebuild = """
        CREATE UNIQUE INDEX "IX_Sessions_Id_PersonId_DuringRebuild" ON "Sessions" ("Id", "PersonId");
        """;

    public const string PersonFromSession = """
        UPDATE "Answers" SET "PersonId" = (SELECT s."PersonId" FROM "Sessions" AS s WHERE s."Id" = "Answers"."SessionId")
        WHERE "PersonId" <> (SELECT s."PersonId" FROM "Sessions" AS s WHERE s."Id" = "Answers"."SessionId");
        """;
}
