using System.Net.WebSockets;
using System.Text;

namespace CoProduction.Testing;

/// <summary>
/// Reads whole text frames from a WebSocket (a Direct Line stream), for every test project that
/// reads a stream (Channels.Tests, Bot.Tests, Bot.FaultTests), so the reading lives in one place.
/// </summary>
public static class WebSocketFrames
{
    /// <summary>The next text frame, empty for a keep-alive; fails the test after <paramref name="patience"/> of silence.</summary>
    public static async Task<string> ReceiveAsync(ClientWebSocket socket, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The server closed the stream: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
