using System.Globalization;
using System.Xml.Linq;
using CoProduction.Channels.Twilio;

namespace CoProduction.Phone;

/// <summary>
/// A phone call to (or from) the service that behaves as Twilio does: it posts the call
/// webhook, reads the TwiML as XML, "says" each &lt;Say&gt;, waits at a &lt;Gather&gt; for keys,
/// words or silence, follows &lt;Redirect&gt;, and stops at &lt;Hangup/&gt; or the end of the
/// document. Every request is form-encoded and signed over its full URL, query string included.
/// </summary>
public sealed class SimulatedCall
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string _authToken;
    private readonly string _person;
    private readonly string _service;
    private readonly List<string> _said = [];
    private readonly List<string> _heard = [];
    private readonly List<string> _requests = [];
    private Uri _currentUrl;
    private bool _outbound;
    private string? _answeredBy;
    private Pending? _pending;

    public SimulatedCall(HttpClient http, Uri baseUrl, string authToken, string person = "+447700900123", string service = "+447700900000")
    {
        _http = http;
        _baseUrl = baseUrl;
        _authToken = authToken;
        _person = person;
        _service = service;
        _currentUrl = new Uri(baseUrl, "/twilio/voice");
        CallSid = "CA" + Guid.NewGuid().ToString("N");
    }

    public string CallSid { get; }

    /// <summary>Everything said on the call so far, one entry per &lt;Say&gt;.</summary>
    public IReadOnlyList<string> Said => _said;

    /// <summary>What was said since the caller last did anything (their current question).</summary>
    public string LastPrompt => string.Join(" ", _heard);

    /// <summary>Every URL requested, in order (signed exactly as shown).</summary>
    public IReadOnlyList<string> Requests => _requests;

    public bool IsHungUp { get; private set; }

    /// <summary>True while a &lt;Gather&gt; waits for the caller.</summary>
    public bool IsListening => _pending is not null && !IsHungUp;

    /// <summary>The &lt;Gather&gt; waiting now, for tests that check its attributes.</summary>
    public XElement? Gather => _pending?.Gather;

    /// <summary>The last TwiML document received.</summary>
    public XDocument? LastTwiml { get; private set; }

    /// <summary>The HTTP status of the last request; anything but 200 ends the call as Twilio would.</summary>
    public int LastStatusCode { get; private set; }

    /// <summary>The body of the last answer: TwiML, or the reason a request was refused.</summary>
    public string LastBody { get; private set; } = "";

    /// <summary>A person calls the service's number.</summary>
    public Task StartInboundAsync(CancellationToken ct = default) =>
        StartAsync("/twilio/voice", outbound: false, answeredBy: null, ct);

    /// <summary>
    /// The service called the person (as for an invitation) and the call was answered:
    /// <paramref name="answeredBy"/> is machine detection's verdict ("human", "machine_start"...).
    /// </summary>
    public Task StartOutboundAsync(string? answeredBy = "human", string? queryString = null, CancellationToken ct = default) =>
        StartAsync("/twilio/voice" + (string.IsNullOrEmpty(queryString) ? string.Empty : "?" + queryString.TrimStart('?')), outbound: true, answeredBy, ct);

    /// <summary>Presses keys at the waiting &lt;Gather&gt;.</summary>
    public Task PressAsync(string digits, CancellationToken ct = default)
    {
        var gather = Listening();
        if (!Accepts(gather, "dtmf"))
        {
            throw new InvalidOperationException("The call is not listening for key presses.");
        }

        var finishOnKey = (string?)gather.Attribute("finishOnKey") ?? "#";
        // Twilio does not pass on the key that ended the input.
        if (finishOnKey.Length > 0 && digits.EndsWith(finishOnKey, StringComparison.Ordinal))
        {
            digits = digits[..^finishOnKey.Length];
        }

        return AnswerAsync(new() { ["Digits"] = digits, ["FinishedOnKey"] = finishOnKey }, ct);
    }

    /// <summary>Speaks at the waiting &lt;Gather&gt;, as heard by Twilio's recogniser with this confidence.</summary>
    public Task SayAsync(string words, double confidence = 0.9, CancellationToken ct = default)
    {
        var gather = Listening();
        if (!Accepts(gather, "speech"))
        {
            throw new InvalidOperationException("The call is not listening for speech.");
        }

        return AnswerAsync(new()
        {
            ["SpeechResult"] = words,
            ["Confidence"] = confidence.ToString("0.########", CultureInfo.InvariantCulture),
        }, ct);
    }

    /// <summary>Says nothing: the &lt;Gather&gt; times out and Twilio goes on to the next verb.</summary>
    public async Task SilenceAsync(CancellationToken ct = default)
    {
        var pending = _pending ?? throw new InvalidOperationException("The call is not listening.");
        _pending = null;
        _heard.Clear();
        await RunAsync(pending.Rest, ct);
    }

    private async Task StartAsync(string pathAndQuery, bool outbound, string? answeredBy, CancellationToken ct)
    {
        if (_requests.Count > 0)
        {
            throw new InvalidOperationException("The call has already started.");
        }

        _outbound = outbound;
        _answeredBy = answeredBy;
        await RequestAsync(new Uri(_baseUrl, pathAndQuery), [], first: true, ct);
    }

    private XElement Listening()
    {
        if (IsHungUp) throw new InvalidOperationException("The call has ended.");
        return _pending?.Gather ?? throw new InvalidOperationException("The call is not listening.");
    }

    private static bool Accepts(XElement gather, string input) =>
        ((string?)gather.Attribute("input") ?? "dtmf").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(input);

    private async Task AnswerAsync(Dictionary<string, string> fields, CancellationToken ct)
    {
        var gather = _pending!.Gather;
        _pending = null;
        _heard.Clear();
        var action = (string?)gather.Attribute("action");
        var method = (string?)gather.Attribute("method") ?? "POST";
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException("The simulator only follows POST actions.");
        }

        // Twilio posts to the action, or with none to the current document's URL.
        await RequestAsync(action is null ? _currentUrl : new Uri(_currentUrl, action), fields, first: false, ct);
    }

    private async Task RequestAsync(Uri url, Dictionary<string, string> extra, bool first, CancellationToken ct)
    {
        var form = BaseFields(first);
        foreach (var (key, value) in extra)
        {
            form[key] = value;
        }

        var absolute = url.AbsoluteUri;
        _requests.Add(absolute);
        using var request = new HttpRequestMessage(HttpMethod.Post, absolute) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSigner.HeaderName, TwilioSigner.Sign(_authToken, absolute, form));
        using var response = await _http.SendAsync(request, ct);
        LastStatusCode = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        LastBody = body;
        if (!response.IsSuccessStatusCode)
        {
            // Twilio plays its own "application error" message and ends the call.
            IsHungUp = true;
            return;
        }

        _currentUrl = url;
        var twiml = XDocument.Parse(body);
        LastTwiml = twiml;
        if (twiml.Root?.Name.LocalName != "Response")
        {
            throw new InvalidDataException("The service did not answer with a TwiML <Response>.");
        }

        await RunAsync(twiml.Root.Elements().ToList(), ct);
    }

    private async Task RunAsync(IReadOnlyList<XElement> verbs, CancellationToken ct)
    {
        for (var i = 0; i < verbs.Count; i++)
        {
            var verb = verbs[i];
            switch (verb.Name.LocalName)
            {
                case "Say":
                    Hear(verb);
                    break;
                case "Gather":
                    foreach (var say in verb.Elements().Where(e => e.Name.LocalName == "Say"))
                    {
                        Hear(say);
                    }

                    _pending = new Pending(verb, verbs.Skip(i + 1).ToList());
                    return;
                case "Redirect":
                    await RequestAsync(new Uri(_currentUrl, verb.Value.Trim()), [], first: false, ct);
                    return;
                case "Hangup":
                    IsHungUp = true;
                    return;
                case "Pause":
                    break;
                default:
                    throw new NotSupportedException($"The simulator does not know the <{verb.Name.LocalName}> verb.");
            }
        }

        // A document that runs out ends the call, as on Twilio.
        IsHungUp = true;
    }

    private void Hear(XElement say)
    {
        var text = say.Value.Trim();
        _said.Add(text);
        _heard.Add(text);
    }

    private Dictionary<string, string> BaseFields(bool first)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["CallSid"] = CallSid,
            ["CallStatus"] = first && !_outbound ? "ringing" : "in-progress",
            ["Direction"] = _outbound ? "outbound-api" : "inbound",
            ["From"] = _outbound ? _service : _person,
            ["To"] = _outbound ? _person : _service,
            ["Caller"] = _outbound ? _service : _person,
            ["Called"] = _outbound ? _person : _service,
            ["FromCountry"] = "GB",
            ["ToCountry"] = "GB",
        };
        if (first && _outbound && _answeredBy is not null)
        {
            fields["AnsweredBy"] = _answeredBy;
        }

        return fields;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"call {CallSid}");

    private sealed record Pending(XElement Gather, IReadOnlyList<XElement> Rest);
}
