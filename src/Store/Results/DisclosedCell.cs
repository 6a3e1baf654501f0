using System.Text.Json.Serialization;

namespace CoProduction.Store.Results;

/// <summary>How one count may be shown to the public.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Disclosure>))]
public enum Disclosure
{
    /// <summary>The exact count (zero included).</summary>
    Shown,

    /// <summary>Chosen by 1 to SmallCount - 1 people: shown as "fewer than 5", with no bar.</summary>
    FewerThan,

    /// <summary>
    /// Held back although not small, because with the totals it would give away a small count
    /// (secondary suppression), or because the whole group is too small.
    /// </summary>
    Hidden,
}

/// <param name="Count">Null unless <see cref="Disclosure"/> is <see cref="Disclosure.Shown"/>: a hidden count never leaves the server.</param>
public sealed record DisclosedCell(string Key, int? Count, Disclosure Disclosure);
