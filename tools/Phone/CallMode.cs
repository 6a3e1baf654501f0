using System.Text.RegularExpressions;

namespace CoProduction.Phone;

/// <summary>
/// The --call mode: a phone call in the terminal, so the voice survey can be tried without a
/// phone or a Twilio account.
/// </summary>
internal static partial class CallMode
{
    public static async Task<int> RunAsync(HttpClient http, Args options, string token)
    {
        var call = new SimulatedCall(http, new Uri(options.Url), token, person: options.From, service: options.To);
        var shown = 0;
        void ShowNew()
        {
            for (; shown < call.Said.Count; shown++)
            {
                Console.WriteLine($"< {call.Said[shown]}");
            }
        }

        try
        {
            if (options.Invitation is { } invitation)
            {
                Console.WriteLine($"Answering a call from {options.Url} for invitation {invitation}.");
                await call.StartOutboundAsync(options.Machine ? "machine_start" : "human", "invitation=" + Uri.EscapeDataString(invitation));
            }
            else
            {
                Console.WriteLine($"Calling {options.Url} from {options.From}. Keys: type digits. Words: type them. Silence: empty line. End: hangup.");
                await call.StartInboundAsync();
            }

            while (true)
            {
                ShowNew();
                if (call.IsHungUp)
                {
                    Console.WriteLine(call.LastStatusCode is 200 ? "(the call has ended)" : $"(the service answered {call.LastStatusCode}; the call has ended)");
                    return 0;
                }

                Console.Write("> ");
                var line = Console.ReadLine();
                if (line is null || line.Trim().Equals("hangup", StringComparison.OrdinalIgnoreCase))
                {
                    Console.WriteLine("(you hung up)");
                    return 0;
                }

                line = line.Trim();
                try
                {
                    if (line.Length == 0) await call.SilenceAsync();
                    else if (Keys().IsMatch(line)) await call.PressAsync(line);
                    else await call.SayAsync(line, confidence: 0.9);
                }
                catch (InvalidOperationException e)
                {
                    Console.WriteLine($"({e.Message})");
                }
            }
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"Could not reach the service at {options.Url}: {e.Message}");
            return 1;
        }
    }

    [GeneratedRegex(@"^[0-9*#]+$")]
    private static partial Regex Keys();
}
