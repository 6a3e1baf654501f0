using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Reading a Twilio webhook's form, shared by the SMS, voice and status endpoints: a post that is
/// not a form, or whose form is malformed or too large, is a bad request (400), not our failure.
/// </summary>
public static class TwilioWebhookForm
{
    /// <summary>The form's fields, or null when the request has no readable form.</summary>
    public static async ValueTask<IReadOnlyDictionary<string, string>?> TryReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadAsync(request, cancellationToken) is { Fields: { } fields } ? fields : null;

    /// <summary>
    /// The form's fields; or, when it cannot be read, answers 400 saying why in plain English
    /// ("<paramref name="subject"/> could not be read: ...") and returns null.
    /// </summary>
    public static async ValueTask<IReadOnlyDictionary<string, string>?> ReadOrRefuseAsync(HttpRequest request, string subject, CancellationToken cancellationToken)
    {
        var (fields, problem) = await ReadAsync(request, cancellationToken);
        if (fields is null) await RefuseAsync(request.HttpContext, $"{subject} could not be read: {problem}.");
        return fields;
    }

    /// <summary>Answers 400 with <paramref name="problem"/> as the title.</summary>
    public static Task RefuseAsync(HttpContext httpContext, string problem) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem).ExecuteAsync(httpContext);

    /// <summary>
    /// The first value of each field (Twilio never repeats one), as an ordinal dictionary, without
    /// characters XML cannot carry (see <see cref="XmlSafeText"/>); the signature was checked on the raw form.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Fields(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new Dictionary<string, string>(form.Count, StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            fields[XmlSafeText.Clean(key)] = values.Count > 0 ? XmlSafeText.Clean(values[0] ?? string.Empty) : string.Empty;
        }

        return fields;
    }

    /// <summary>
    /// A value task: the request guard has read every form before an endpoint runs, so this almost
    /// always completes at once, and a completed value task allocates nothing (a task did, twice a text).
    /// </summary>
    private static async ValueTask<(IReadOnlyDictionary<string, string>? Fields, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return (null, "it was not sent as a form");
        }

        try
        {
            return (Fields(await request.ReadFormAsync(cancellationToken)), null);
        }
        catch (InvalidDataException)
        {
            // Broken encoding or over the form size limits.
            return (null, "its form data is malformed or too large");
        }
    }
}
