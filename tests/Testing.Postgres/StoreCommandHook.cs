using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Testing;

/// <summary>
/// An EF command interceptor that sends every command the store runs (readers, non-queries and
/// scalars, synchronous and asynchronous) through one hook, <see cref="Executing"/>, before it runs.
/// The base of the tests' failing stores: Store.Tests' <c>StoreFaults</c> (a failing COMMIT, a
/// client gone away mid-write) and Bot.Tests' <c>FailingStore</c> (busy, out of reach, lost
/// updates). Kept here because both test projects reference this one and it already carries EF Core.
/// A hook that throws stops the command: the store sees the exception as if the provider had thrown it.
/// </summary>
public abstract class StoreCommandHook : DbCommandInterceptor
{
    /// <summary>
    /// Called before each command runs. <paramref name="eventData"/> says which kind it is
    /// (<see cref="CommandEventData.ExecuteMethod"/>) and whether it was called asynchronously;
    /// <paramref name="cancellationToken"/> is the caller's (none for a synchronous call).
    /// </summary>
    protected abstract void Executing(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken);

    public sealed override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Executing(command, eventData, CancellationToken.None);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Executing(command, eventData, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public sealed override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Executing(command, eventData, CancellationToken.None);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Executing(command, eventData, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public sealed override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Executing(command, eventData, CancellationToken.None);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Executing(command, eventData, cancellationToken);
        return ValueTask.FromResult(result);
    }
}
