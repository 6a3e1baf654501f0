using CoProduction.Store.Accounts;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Results;

/// <param name="MinimumGroup">In force: no figure for a group answered by fewer people.</param>
/// <param name="SmallCount">In force: an answer chosen by 1 to (this - 1) people shows as "fewer than this".</param>
/// <param name="ConfiguredMinimumGroup">The configured floor (Results:Disclosure:MinimumGroup, at least 10).</param>
/// <param name="ConfiguredSmallCount">The configured floor (Results:Disclosure:SmallCount, at least 5).</param>
public sealed record DisclosureThresholds(int MinimumGroup, int SmallCount, int ConfiguredMinimumGroup, int ConfiguredSmallCount, DateTimeOffset? RaisedAt);

public enum RaiseStatus { Raised, Unchanged, Refused }

/// <summary>One refused value: under <paramref name="Limit"/> (the value in force) or over it (<see cref="DisclosureSettings.Highest"/>).</summary>
/// <param name="Field">"minimumGroup" or "smallCount".</param>
public sealed record RaiseProblem(string Field, bool TooHigh, int Limit)
{
    public string Message => (Field == "minimumGroup" ? "The smallest group shown" : "The \"fewer than\" number") + (TooHigh
        ? $" can be at most {Limit}."
        : $" is {Limit} now. It can be raised, never lowered, so it must be {Limit} or more.");
}

/// <param name="Problems">Why it was refused, each about one field.</param>
public sealed record RaiseOutcome(RaiseStatus Status, DisclosureThresholds Thresholds, IReadOnlyList<RaiseProblem> Problems);

/// <summary>
/// The one place the disclosure thresholds in force come from: the larger of the configured ones
/// (<see cref="DisclosureOptions"/>) and the ones the board raised in the app (the one
/// <see cref="DisclosureSetting"/> row), never below 10 and 5. The app only raises them: a lower
/// value is refused and the store is left as it was. Read once per request or job, so every node
/// uses a raise from the moment it is saved.
/// </summary>
public sealed class DisclosureSettings(StoreDbContext db, IOptions<DisclosureOptions> options, TimeProvider time)
{
    /// <summary>A ceiling against a slip of the keyboard ("100" for "10"), which the app could never undo.</summary>
    public const int Highest = 100;

    public const string RaisedAction = AuditActions.DisclosureRaised;

    public async Task<DisclosureThresholds> CurrentAsync(CancellationToken ct)
    {
        var row = await db.DisclosureSettings.AsNoTracking().FirstOrDefaultAsync(d => d.Id == DisclosureSetting.OnlyId, ct);
        return Effective(row);
    }

    /// <summary>The disclosure control with the thresholds in force now: everything public goes through it.</summary>
    public async Task<DisclosureControl> ControlAsync(CancellationToken ct)
    {
        var now = await CurrentAsync(ct);
        return new DisclosureControl(now.MinimumGroup, now.SmallCount);
    }

    /// <summary>
    /// Raises either or both thresholds (null leaves one as it is), recording who did it, and the old
    /// and new values, in the audit log in the same save. Two saves at once: the row's version makes
    /// the later one read the row again and be judged against what the first one saved.
    /// </summary>
    public async Task<RaiseOutcome> RaiseAsync(int? minimumGroup, int? smallCount, string actor, Guid? accountId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var row = await db.DisclosureSettings.FirstOrDefaultAsync(d => d.Id == DisclosureSetting.OnlyId, ct);
            var before = Effective(row);
            var problems = new List<RaiseProblem>();
            Check("minimumGroup", minimumGroup, before.MinimumGroup, problems);
            Check("smallCount", smallCount, before.SmallCount, problems);
            if (problems.Count > 0) return new(RaiseStatus.Refused, before, problems);

            var group = minimumGroup ?? before.MinimumGroup;
            var small = smallCount ?? before.SmallCount;
            if (group == before.MinimumGroup && small == before.SmallCount) return new(RaiseStatus.Unchanged, before, []);

            var now = time.GetUtcNow();
            if (row is null)
            {
                // Only when the seeded row was removed by hand; a second insert at once is refused by the key.
                row = new DisclosureSetting();
                db.DisclosureSettings.Add(row);
            }
            row.MinimumGroup = group;
            row.SmallCount = small;
            row.Version++;
            row.UpdatedAt = now;
            AuditLog.Add(db, RaisedAction, actor, accountId,
                $"Smallest group shown {before.MinimumGroup} -> {group}; \"fewer than\" number {before.SmallCount} -> {small}", now);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return new(RaiseStatus.Raised, Effective(row), []);
            }
            catch (DbUpdateException e) when (attempt < 5 && (e is DbUpdateConcurrencyException || StoreFailures.IsUniqueViolation(e)))
            {
                // Someone else saved first: judge this save again against what they saved.
            }
        }
    }

    private DisclosureThresholds Effective(DisclosureSetting? row)
    {
        var configured = options.Value;
        var group = Math.Max(DisclosureOptions.LeastMinimumGroup, configured.MinimumGroup);
        var small = Math.Max(DisclosureOptions.LeastSmallCount, configured.SmallCount);
        return new DisclosureThresholds(
            Math.Max(group, row?.MinimumGroup ?? 0), Math.Max(small, row?.SmallCount ?? 0), group, small, row?.UpdatedAt);
    }

    private static void Check(string field, int? wanted, int current, List<RaiseProblem> problems)
    {
        if (wanted is not { } value) return;
        if (value < current) problems.Add(new RaiseProblem(field, false, current));
        else if (value > Highest) problems.Add(new RaiseProblem(field, true, Highest));
    }
}
