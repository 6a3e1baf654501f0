using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Model;

/// <summary>
/// The answers' person is kept as a column and a foreign key, without an index of its own. EF indexes every foreign key
/// by convention, and on the SMS turn that index was the second B-tree a commit wrote (every answering person has a
/// leaf of their own, so each answer dirtied one more page: docs/performance-rounds.md, "The SMS turn, fourteenth round"). Nothing needs it: an
/// answer's person is always its session's person (both places that write answers take the session and the person from
/// the same turn), so a person's answers are found through their sessions (<see cref="Privacy.PersonAnswers"/>), by the
/// sessions' and the answers' own indexes. People are never deleted (erasure clears a row), so the foreign key's check on
/// a delete never has to look for answers either.
/// Since the twentieth round the answer has one foreign key, not two: <c>(SessionId, PersonId)</c> referencing the
/// sessions' <c>(Id, PersonId)</c> (a unique key of the sessions'), so an answer's save checks one row, not two
/// (on PostgreSQL each check is a statement of its own), and an answer whose person is not its session's is refused.
/// Both columns are never null, so the key is always checked whole. It needs no index of its own either: the answers'
/// index by session finds a session's answers (a session's delete or a change of its key).
/// </summary>
internal static class AnswersModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Conventions.Replace<ForeignKeyIndexConvention>(services =>
            new UnindexedAnswerPerson(services.GetRequiredService<ProviderConventionSetBuilderDependencies>()));

    /// <summary>EF's convention, except for the answers' person.</summary>
    private sealed class UnindexedAnswerPerson(ProviderConventionSetBuilderDependencies dependencies) : ForeignKeyIndexConvention(dependencies)
    {
        protected override IConventionIndex? CreateIndex(
            IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder) =>
            entityTypeBuilder.Metadata.ClrType == typeof(Answer)
                && properties is [{ Name: nameof(Answer.PersonId) }] or [{ Name: nameof(Answer.SessionId) }, { Name: nameof(Answer.PersonId) }]
                ? null
                : base.CreateIndex(properties, unique, entityTypeBuilder);
    }
}
