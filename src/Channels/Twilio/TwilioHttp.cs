using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The one HttpClient every Twilio REST call (texts and calls) goes through: a retry with
/// exponential backoff and jitter that waits as Twilio's Retry-After asks, a circuit breaker
/// shared by the whole process, and a timeout per attempt.
///
/// Only refusals are retried, never an attempt whose fate is unknown. Twilio creates a message
/// or call only when it answers 201, so a 429, a 5xx or a connection that never opened left
/// nothing behind and may be repeated. An attempt that timed out, or a connection that broke
/// after the request went, may have been taken: repeating it could text or ring a person twice,
/// so it is reported as uncertain and not sent again (<see cref="IsUncertain"/>).
/// </summary>
public static class TwilioHttp
{
    public const string ClientName = "twilio";
    public const string PausedCode = "twilio-paused";
    public const string UncertainCode = "twilio-uncertain";

    /// <summary>For the round page: what happened and what happens next, for a "text" or a "call".</summary>
    public static string PausedReason(string noun) =>
        $"Twilio was not answering, so sending is paused for a short while. The {noun} will be tried again.";

    public static string UncertainReason(string noun) =>
        $"Twilio did not answer in time, so we cannot tell whether the {noun} went. It was not tried again, so nobody gets it twice.";

    public static IServiceCollection AddTwilioHttp(this IServiceCollection services)
    {
        // Texts and calls both ask for it: a second resilience handler would retry the retries.
        if (services.Any(d => d.ServiceType == typeof(TwilioRestClients))) return services;
        services.TryAddTransient<TwilioApiBaseUrlHandler>();
        services.TryAddSingleton<TwilioRestClients>();
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt is timed below
            .AddHttpMessageHandler<TwilioApiBaseUrlHandler>()
            .AddResilienceHandler(ClientName, (builder, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value.Resilience;
                builder
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(1, settings.Retries),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = settings.RetryDelay,
                        MaxDelay = settings.MaxRetryDelay,
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(settings.Retries > 0 && IsSafeToRetry(args.Outcome)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = settings.FailureRatio,
                        MinimumThroughput = settings.MinimumThroughput,
                        SamplingDuration = settings.SamplingDuration,
                        BreakDuration = settings.BreakDuration,
                    })
                    .AddTimeout(settings.AttemptTimeout);
            });
        return services;
    }

    /// <summary>Twilio refused, or was never reached: nothing was created, so asking again cannot send twice.</summary>
    public static bool IsSafeToRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => true,
        { Exception: not null } => false,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>The request went but no answer came: Twilio may have taken it.</summary>
    public static bool IsUncertain(Exception e) => Causes(e).Any(c =>
        c is TimeoutRejectedException
        || (c is HttpRequestException request && request.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)));

    /// <summary>The circuit is open (or being tried): nothing was sent.</summary>
    public static bool IsPaused(Exception e) => Causes(e).Any(c => c is BrokenCircuitException);

    /// <summary>The SDK wraps whatever the HttpClient threw in its ApiConnectionException.</summary>
    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? c = e; c is not null; c = c.InnerException) yield return c;
    }
}
