namespace CoProduction.Store.Results;

/// <summary>
/// One table of counts (one question, one round) as the public may see it.
/// </summary>
/// <param name="Total">How many people the table is about; null when they are fewer than the minimum group, and then every cell is hidden.</param>
/// <param name="SmallCount">The "fewer than" threshold in force, for the wording ("fewer than 5").</param>
public sealed record DisclosedTable(int? Total, int SmallCount, IReadOnlyList<DisclosedCell> Cells)
{
    public bool Withheld => Total is null;

    public DisclosedCell? Find(string key) => Cells.FirstOrDefault(c => c.Key == key);
}
