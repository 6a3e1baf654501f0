namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Counts token and conversation requests per client address where every node sees the same
/// count (the host's shared store), so the limit holds across nodes. With none registered, each
/// process counts for itself.
/// </summary>
public interface IDirectLineRequestCounter
{
    /// <summary>Counts one more request from <paramref name="client"/> in the window starting at <paramref name="windowStart"/>; returns the count including this one.</summary>
    ValueTask<int> CountAsync(string client, DateTimeOffset windowStart, CancellationToken cancellationToken);
}
