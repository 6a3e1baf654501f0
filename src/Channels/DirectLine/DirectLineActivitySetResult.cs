using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A polling client's activity set, the same bytes as <see cref="DirectLineJson.ActivitySet"/> in UTF-8,
/// written straight into the response: each activity's kept JSON is encoded once, into the response's
/// own buffer, with no set built as a string first and no second copy of it (that string and its
/// builder were about twice the set's size again on every poll).
/// </summary>
public sealed class DirectLineActivitySetResult(IReadOnlyList<DirectLineActivityRecord> activities, long? watermark) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var tail = DirectLineJson.ActivitySetTail(watermark);
        var length = DirectLineJson.ActivitySetByteCount(activities, tail);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;

        var writer = response.BodyWriter;
        writer.Write(DirectLineJson.ActivitySetOpen);
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
