using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels.Tests.Twilio;

/// <summary>
/// Keeps every formatted log line written by Channels' own code (ASP.NET Core's request
/// logging is the host's to configure), so tests can prove no phone number or body is logged.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.StartsWith("CoProduction.", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, bool ours) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => ours;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (ours)
            {
                provider.Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
            }
        }
    }
}
