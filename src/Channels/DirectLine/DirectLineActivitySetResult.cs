using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A polling client's activity set, the same bytes as <see cref="DirectLineJson.ActivitySet"/> in UTF-8,
/// written straight into the response: each activity's kept JSON is encoded once, into the response's
/// own buffer, with no set built as a string first and no second copy of it (that string and its
/// builder were about twice the set's size again on every poll).
/// </summary>
public sealed class DirectLineActivitySetResult(IReadOnlyList<DirectLineActivityRecord> activities, long? watermark) : IResult
{
    private static readonly byte[] Open = "{\"activities\":["u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var tail = watermark is { } w ? "],\"watermark\":\"" + w.ToString(CultureInfo.InvariantCulture) + "\"}" : "]}";
        long length = Open.Length + tail.Length + Math.Max(0, activities.Count - 1);
        foreach (var activity in activities) length += Encoding.UTF8.GetByteCount(activity.Json);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;

        var writer = response.BodyWriter;
        writer.Write(Open);
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0) writer.Write(","u8);
            var json = activities[i].Json;
            var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(json.Length));
            writer.Advance(Encoding.UTF8.GetBytes(json, span));
        }
        var end = writer.GetSpan(tail.Length);
        writer.Advance(Encoding.ASCII.GetBytes(tail, end));
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>
/// A post's answer, <c>{"id":"..."}</c>, written straight into the response by a <see cref="System.Text.Json.Utf8JsonWriter"/>
/// (the encoder of the app's JSON options, so the same bytes as <c>Results.Json</c> of a record with that one property), without
/// resolving the serializer's options and type information on every chat message.
/// </summary>
public sealed class DirectLineIdResult(string id) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        // The encoder Results.Json would use: the app's JSON options' (ASP.NET Core's default is the relaxed one).
        var encoder = httpContext.RequestServices?.GetService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions.Encoder
            ?? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        using (var json = new System.Text.Json.Utf8JsonWriter(response.BodyWriter, new System.Text.Json.JsonWriterOptions { Encoder = encoder }))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, id);
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
