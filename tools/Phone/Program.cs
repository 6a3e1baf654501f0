using CoProduction.Channels.Twilio;

namespace CoProduction.Phone;

/// <summary>The phone simulator command (an explicit class, so it never clashes with the service's Program in tests).</summary>
public static class PhoneCommand
{
    public static async Task<int> Main(string[] args)
    {

        // A phone in the terminal: type a text, see the service's reply; or, with --call, ring the
        // service and answer by keys or words. Signs every request with the service's local
        // development token (data/twilio-dev-token.txt) or --token.
        Args? options;
        try
        {
            options = Args.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine("""
                Text the survey service as if from a phone.

                  dotnet run --project tools/Phone -- [options] [message]

                Options:
                  --url URL       the service (default http://localhost:5000)
                  --from NUMBER   your pretend phone number (default +447700900123)
                  --to NUMBER     the service's number (default +447700900000)
                  --data FOLDER   the service's data folder, for its development token
                                  (default: data/ at the root of this checkout)
                  --token TOKEN   the Twilio auth token to sign with (instead of --data)
                  --call          phone the service instead of texting it
                  --invitation ID with --call: answer a call the service made for this invitation
                  --machine       with --invitation: pretend an answering machine picked up

                With a message it sends that one text. Without, type texts one per line; an empty line ends.
                In a call, type keys (digits, * or #) to press them, words to say them, an empty line to
                stay silent, and hangup to end the call.
                """);
            return 2;
        }

        string token;
        try
        {
            token = options.Token ?? File.ReadAllText(Path.Combine(options.Data, LocalDevelopmentToken.FileName)).Trim();
        }
        catch (IOException)
        {
            Console.Error.WriteLine($"Could not read the development token in '{options.Data}'. Start the service first, or pass --data with its data folder, or --token.");
            return 1;
        }

        using var http = new HttpClient();
        if (options.Call)
        {
            return await CallMode.RunAsync(http, options, token);
        }

        var phone = new SimulatedPhone(http, new Uri(options.Url), token, options.From, options.To);

        async Task SendAsync(string text)
        {
            try
            {
                foreach (var reply in await phone.TextAsync(text))
                {
                    Console.WriteLine($"< {reply.Replace("\n", "\n  ", StringComparison.Ordinal)}");
                }
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"Could not reach the service at {options.Url}: {e.Message}");
            }
        }

        if (options.Message is { } message)
        {
            await SendAsync(message);
            return 0;
        }

        Console.WriteLine($"Texting {options.Url} from {options.From}. Type a message and press Enter; an empty line ends.");
        while (true)
        {
            Console.Write("> ");
            var line = Console.ReadLine();
            if (string.IsNullOrWhiteSpace(line)) break;
            await SendAsync(line);
        }
        return 0;

    }
}

internal sealed record Args(string Url, string From, string To, string Data, string? Token, string? Message,
    bool Call = false, string? Invitation = null, bool Machine = false)
{
    public static Args? Parse(string[] args)
    {
        var a = new Args("http://localhost:5000", "+447700900123", "+447700900000", DefaultData(), null, null);
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": a = a with { Url = Next() }; break;
                case "--from": a = a with { From = Next() }; break;
                case "--to": a = a with { To = Next() }; break;
                case "--data": a = a with { Data = Next() }; break;
                case "--token": a = a with { Token = Next() }; break;
                case "--call": a = a with { Call = true }; break;
                case "--invitation": a = a with { Invitation = Next() }; break;
                case "--machine": a = a with { Machine = true }; break;
                case "-h" or "--help": return null;
                default: words.Add(args[i]); break;
            }
        }
        return words.Count > 0 ? a with { Message = string.Join(' ', words) } : a;
    }

    /// <summary>The service's data folder in this checkout (`dotnet run` starts us in tools/Phone).</summary>
    private static string DefaultData()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoProduction.sln"))) return Path.Combine(dir.FullName, "data");
        }
        return "data";
    }
}
