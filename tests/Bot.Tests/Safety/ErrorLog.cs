using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>The exceptions the service logged as errors (type, message's first line, top frame), so a failing fuzz run says where it failed.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || logLevel < LogLevel.Error) return;
            for (var e = exception; e is not null; e = e.InnerException)
            {
                var frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("CoProduction", StringComparison.Ordinal))
                    ?? e.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
                log.Errors.Enqueue($"{e.GetType().Name}: {e.Message.Split('\n')[0]} {frame}");
            }
        }
    }
}
