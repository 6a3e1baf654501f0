using CoProduction.Channels.Twilio;
using Twilio.Security;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioSignerTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Sign_MatchesTwilioDocumentedExample()
    {
        // The worked example from Twilio's webhook security documentation.
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+14158675309",
            ["Digits"] = "1234",
            ["From"] = "+14158675309",
            ["To"] = "+18005551212",
        };

        var signature = TwilioSigner.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form);

        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", signature);
    }

    [Theory]
    [InlineData("sms-answer.txt", "https://surveys.example.org/twilio/sms")]
    [InlineData("sms-unicode.txt", "http://localhost:5000/twilio/sms?round=7&x=a%20b")]
    [InlineData("mms-photo.txt", "https://surveys.example.org/twilio/sms")]
    public void Sign_AgreesWithTwilioRequestValidator(string fixture, string url)
    {
        var form = WebhookFixtures.Form(fixture);

        var signature = TwilioSigner.Sign(Token, url, form);

        Assert.True(new RequestValidator(Token).Validate(url, form, signature));
    }

    [Fact]
    public void Sign_IsRejectedByRequestValidator_WhenAFieldIsChangedAfterSigning()
    {
        var form = WebhookFixtures.Form("sms-answer.txt");
        var signature = TwilioSigner.Sign(Token, "https://surveys.example.org/twilio/sms", form);

        form["Body"] = "5";

        Assert.False(new RequestValidator(Token).Validate("https://surveys.example.org/twilio/sms", form, signature));
    }

    [Fact]
    public void Sign_WithTwoTokensInTurn_SignsEachWithItsOwn()
    {
        // The key is kept for the last token signed with: a different token must not be signed with it.
        const string other = "fedcba9876543210fedcba9876543210";
        var url = "https://surveys.example.org/twilio/sms";
        var form = WebhookFixtures.Form("sms-answer.txt");

        var first = TwilioSigner.Sign(Token, url, form);
        var second = TwilioSigner.Sign(other, url, form);
        var third = TwilioSigner.Sign(Token, url, form);

        Assert.True(new RequestValidator(Token).Validate(url, form, first));
        Assert.True(new RequestValidator(other).Validate(url, form, second));
        Assert.False(new RequestValidator(Token).Validate(url, form, second));
        Assert.Equal(first, third);
    }

    [Fact]
    public void Sign_SortsFieldsByOrdinalName_NotByTheOrderGiven()
    {
        var url = "https://surveys.example.org/twilio/sms";
        KeyValuePair<string, string>[] ordered = [new("Body", "4"), new("From", "+447700900123"), new("body", "x")];

        Assert.Equal(TwilioSigner.Sign(Token, url, ordered), TwilioSigner.Sign(Token, url, ordered.Reverse()));
    }

    [Theory]
    [InlineData("sms-answer.txt", "https://surveys.example.org/twilio/sms")]
    [InlineData("sms-unicode.txt", "http://localhost:5000/twilio/sms?round=7&x=a%20b")]
    [InlineData("mms-photo.txt", "https://surveys.example.org/twilio/sms")]
    public void Matches_AcceptsWhatSignSigned(string fixture, string url)
    {
        var form = WebhookFixtures.Form(fixture);

        var signature = TwilioSigner.Sign(Token, url, form);

        Assert.True(TwilioSigner.Matches(TwilioSigner.Key(Token), url, FormOf(form), signature));
    }

    [Fact]
    public void Matches_Refuses_WhenAFieldTheUrlOrTheTokenDiffers()
    {
        var url = "https://surveys.example.org/twilio/sms";
        var form = WebhookFixtures.Form("sms-answer.txt");
        var signature = TwilioSigner.Sign(Token, url, form);
        var changed = new Dictionary<string, string>(form) { ["Body"] = "5" };

        Assert.False(TwilioSigner.Matches(TwilioSigner.Key(Token), url, FormOf(changed), signature));
        Assert.False(TwilioSigner.Matches(TwilioSigner.Key(Token), url + "?x=1", FormOf(form), signature));
        Assert.False(TwilioSigner.Matches(TwilioSigner.Key("ffffffffffffffffffffffffffffffff"), url, FormOf(form), signature));
        Assert.False(TwilioSigner.Matches(TwilioSigner.Key(Token), url, FormOf(form), signature[..^1]));
    }

    [Fact]
    public void Matches_ReadsAFieldSentTwice_AsTwiliosValidatorDoes_ValuesJoinedByCommas()
    {
        var url = "https://surveys.example.org/twilio/sms";
        var signature = TwilioSigner.Sign(Token, url, [new("Body", "4"), new("Tag", "a,b")]);
        var form = new Microsoft.AspNetCore.Http.FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["Body"] = "4",
            ["Tag"] = new(["a", "b"]),
        });

        Assert.True(TwilioSigner.Matches(TwilioSigner.Key(Token), url, form, signature));
    }

    private static Microsoft.AspNetCore.Http.FormCollection FormOf(Dictionary<string, string> form) =>
        new(form.ToDictionary(p => p.Key, p => new Microsoft.Extensions.Primitives.StringValues(p.Value)));
}
