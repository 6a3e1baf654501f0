using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// What the service logs, kept for a test to read: every entry at <see cref="CapturedLogs(LogLevel)"/>
/// or above with its category, formatted message, every structured value and its exception, and
/// every scope. Add it as an <see cref="ILoggerProvider"/> (ExtraServices or ConfigureLogging).
/// "Never phone numbers or answers in logs" searches <see cref="Lines"/>, which hold all of it.
/// </summary>
public sealed class CapturedLogs(LogLevel least = LogLevel.Trace) : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, string Values, Exception? Exception)
    {
        /// <summary>All of the entry as one line: where a phone number or an answer would show.</summary>
        public string Line => $"{Category}: {Message} | {Values} | {Exception}";
    }

    private readonly ConcurrentQueue<Entry> _entries = new();

    private LogLevel Least => least;

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public IReadOnlyList<string> Lines => _entries.Select(e => e.Line).ToList();

    /// <summary>The formatted messages only.</summary>
    public IReadOnlyList<string> Messages => _entries.Where(e => e.Level != LogLevel.None).Select(e => e.Message).ToList();

    /// <summary>
    /// Takes the exceptions logged as errors so far, one line for each exception in a chain (type,
    /// its message's first line, its first frame in our code), so a failing run says where it failed;
    /// what is taken is gone, so the next request's are its own.
    /// </summary>
    public List<string> TakeErrors()
    {
        var errors = new List<string>();
        while (_entries.TryDequeue(out var entry))
        {
            if (entry.Level < LogLevel.Error || entry.Exception is null) continue;
            for (var e = entry.Exception; e is not null; e = e.InnerException)
            {
                var frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("CoProduction", StringComparison.Ordinal))
                    ?? e.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
                errors.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]} {frame}");
            }
        }
        return errors;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            logs._entries.Enqueue(new Entry(LogLevel.None, category, "scope", Describe(state), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= logs.Least && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) logs._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), Describe(state), exception));
        }

        private static string Describe(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : $"{state}";
    }
}
