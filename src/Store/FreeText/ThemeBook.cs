using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>
/// The board's list of themes for one survey: add, rename, retire. Names are plain (letters,
/// digits, spaces and a little punctuation), at most <see cref="FreeTextLimits.ThemeName"/>
/// characters, and unique per survey in any case and spacing; the database's unique index
/// holds that for requests that arrive at the same moment too.
/// </summary>
public sealed partial class ThemeBook(StoreDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<Theme>> ListAsync(string surveyId, CancellationToken ct)
    {
        var themes = await db.Set<Theme>().AsNoTracking().Where(t => t.SurveyId == surveyId).ToListAsync(ct);
        return themes.OrderBy(t => t.Retired).ThenBy(t => t.NameKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>A new theme; the name of a retired one brings it back; the name of a current one is that theme.</summary>
    public async Task<FreeTextOutcome<Theme>> AddAsync(string surveyId, string? name, CancellationToken ct)
    {
        if (!await db.Surveys.AnyAsync(s => s.Id == surveyId, ct)) return FreeTextOutcome<Theme>.NotFound($"There is no survey with the id '{surveyId}'.");
        if (Problem(name) is { } problem) return FreeTextOutcome<Theme>.Invalid(problem);
        var (clean, key) = Normalise(name!);

        var existing = await db.Set<Theme>().FirstOrDefaultAsync(t => t.SurveyId == surveyId && t.NameKey == key, ct);
        if (existing is not null) return await BringBackAsync(existing, ct);

        var theme = new Theme { SurveyId = surveyId, Name = clean, NameKey = key, CreatedAt = time.GetUtcNow() };
        db.Add(theme);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(FreeTextStatus.Created, theme);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // The same theme added twice at once: the first one stands.
            db.ChangeTracker.Clear();
            return await BringBackAsync(await db.Set<Theme>().FirstAsync(t => t.SurveyId == surveyId && t.NameKey == key, ct), ct);
        }
    }

    public async Task<FreeTextOutcome<Theme>> RenameAsync(string surveyId, long themeId, string? name, CancellationToken ct)
    {
        var theme = await db.Set<Theme>().FirstOrDefaultAsync(t => t.Id == themeId && t.SurveyId == surveyId, ct);
        if (theme is null) return FreeTextOutcome<Theme>.NotFound($"The survey '{surveyId}' has no theme {themeId}.");
        if (Problem(name) is { } problem) return FreeTextOutcome<Theme>.Invalid(problem);
        var (clean, key) = Normalise(name!);
        if (key != theme.NameKey && await db.Set<Theme>().AnyAsync(t => t.SurveyId == surveyId && t.NameKey == key, ct))
        {
            return FreeTextOutcome<Theme>.Conflict($"There is already a theme called \"{clean}\" (perhaps retired). Choose another name, or add that theme back.");
        }
        theme.Name = clean;
        theme.NameKey = key;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return FreeTextOutcome<Theme>.Conflict($"There is already a theme called \"{clean}\". Choose another name.");
        }
        return new(FreeTextStatus.Done, theme);
    }

    /// <summary>Off the list for new tags; the tags it has stay, and so does its name.</summary>
    public async Task<FreeTextOutcome<Theme>> RetireAsync(string surveyId, long themeId, CancellationToken ct)
    {
        var theme = await db.Set<Theme>().FirstOrDefaultAsync(t => t.Id == themeId && t.SurveyId == surveyId, ct);
        if (theme is null) return FreeTextOutcome<Theme>.NotFound($"The survey '{surveyId}' has no theme {themeId}.");
        theme.Retired = true;
        await db.SaveChangesAsync(ct);
        return new(FreeTextStatus.Done, theme);
    }

    /// <summary>Why a name cannot be a theme's, in plain English; null when it can.</summary>
    public static string? Problem(string? name)
    {
        var clean = name is null ? "" : Normalise(name).Clean;
        if (clean.Length == 0) return "Write the theme's name, for example \"Transport\".";
        if (clean.Length > FreeTextLimits.ThemeName) return $"Keep the theme's name to {FreeTextLimits.ThemeName} characters: a few words.";
        if (!PlainName().IsMatch(clean)) return "Use letters, numbers, spaces and - ' & , / ( ) . only in a theme's name.";
        return null;
    }

    private async Task<FreeTextOutcome<Theme>> BringBackAsync(Theme theme, CancellationToken ct)
    {
        if (theme.Retired)
        {
            theme.Retired = false;
            await db.SaveChangesAsync(ct);
        }
        return new(FreeTextStatus.Done, theme);
    }

    private static (string Clean, string Key) Normalise(string name)
    {
        var clean = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return (clean, clean.ToLowerInvariant());
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{Nd} \-'’&,/().]+$")]
    private static partial Regex PlainName();
}
