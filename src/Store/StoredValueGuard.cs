using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Store;

/// <summary>
/// Checks every string about to be saved against its column in the EF model: longer than the
/// column holds, or with a NUL character (PostgreSQL cannot store one), the save is refused with
/// <see cref="StoredValueException"/> before anything is written, on SQLite exactly as on
/// PostgreSQL. The host answers that exception with 400: whatever path a value came by (API,
/// page, CSV, a conversation), a value the store cannot hold is the sender's mistake, not ours.
/// </summary>
public sealed partial class StoredValueGuard : SaveChangesInterceptor
{
    public static readonly StoredValueGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public static void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string value) CheckValue(property.Metadata, value);
            }
        }
    }

    /// <summary>The same check for a value written by hand-made SQL rather than SaveChanges.</summary>
    public static void CheckValue(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyProperty property, string value)
    {
        // The wording is made only for a refusal: this runs for every string of every save.
        if (property.GetMaxLength() is { } max && value.Length > max)
        {
            throw new StoredValueException($"{Capitalise(What(property))} can be at most {max} characters; this one has {value.Length}.");
        }
        if (value.Contains('\0'))
        {
            throw new StoredValueException($"{Capitalise(What(property))} has an invisible NUL character (U+0000): remove it.");
        }
    }

    private static string What(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyProperty property) =>
        $"the {Words(property.Name)} of a {Words(property.DeclaringType.ClrType.Name)}";

    private static string Words(string pascal) => Capitals().Replace(pascal, " $1").Trim().ToLowerInvariant();

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Capitals();
}

/// <summary>A value the store cannot hold (too long for its column, or a NUL); the message says which, in plain English.</summary>
public sealed class StoredValueException(string message) : Exception(message);
