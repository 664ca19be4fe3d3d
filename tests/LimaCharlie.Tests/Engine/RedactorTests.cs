using LimaCharlie.Client.Logging;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>What the redactor masks (every kind of secret the module handles) and what it leaves alone.</summary>
public class RedactorTests
{
    private static readonly string Jwt = TestJwt.WithTimes(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
    private const string Key = "0b4f3c2e-9d1a-4e5f-8a7b-6c5d4e3f2a1b";

    [Fact]
    public void JwtInFreeTextIsMasked()
    {
        var text = $"token was {Jwt} (expired)";

        Assert.Equal("token was *** (expired)", Redactor.RedactText(text));
    }

    [Theory]
    [InlineData("{\"jwt\":\"abc.def\"}", "{\"jwt\":\"***\"}")]
    [InlineData("{\"secret\": \"" + Key + "\", \"oid\": \"x\"}", "{\"secret\":\"***\", \"oid\": \"x\"}")]
    [InlineData("{\"api_key\" : \"k\\\"ey\"}", "{\"api_key\":\"***\"}")]
    [InlineData("{\"Password\":\"hunter2\"}", "{\"Password\":\"***\"}")]
    [InlineData("{\"refresh_token\":\"r\",\"name\":\"n\"}", "{\"refresh_token\":\"***\",\"name\":\"n\"}")]
    public void SecretJsonFieldsAreMasked(string json, string expected)
    {
        Assert.Equal(expected, Redactor.RedactText(json));
    }

    [Fact]
    public void SecretFormPairsAreMasked()
    {
        var pairs = new[]
        {
            new KeyValuePair<string, string>("oid", "8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b"),
            new KeyValuePair<string, string>("secret", Key),
            new KeyValuePair<string, string>("api_key", Key),
            new KeyValuePair<string, string>("name", "web server"),
        };

        var text = Redactor.RedactPairs(pairs);

        Assert.Equal("oid=8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b&secret=***&api_key=***&name=web%20server", text);
    }

    [Fact]
    public void SecretQueryParametersAreMasked()
    {
        var text = Redactor.RedactQuery($"?uid=u1&secret={Key}&API_KEY={Key}&limit=10");

        Assert.DoesNotContain(Key, text);
        Assert.Contains("secret=***", text);
        Assert.Contains("API_KEY=***", text);
        Assert.Contains("uid=u1", text);
        Assert.Contains("limit=10", text);
    }

    [Fact]
    public void JwtInANonSecretFormValueIsMasked()
    {
        var text = Redactor.RedactPairs(new[] { new KeyValuePair<string, string>("note", $"use {Jwt}") });

        Assert.DoesNotContain(Jwt, text);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    public void SecretHeadersShowOnlyTheirLength(string header)
    {
        var value = "Bearer " + Jwt;

        var text = Redactor.RedactHeader(header, value);

        Assert.Equal($"*** ({value.Length} chars)", text);
    }

    [Fact]
    public void OrdinaryHeaderIsKept()
    {
        Assert.Equal("application/json", Redactor.RedactHeader("Accept", "application/json"));
    }

    [Theory]
    [InlineData("GET /v1/orgs/8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b -> 200 OK in 12 ms")]
    [InlineData("{\"name\":\"prod\",\"hotkey\":\"F5\",\"keyboard\":\"us\",\"tokens_left\":3}")]
    [InlineData("The key lacks a permission this call needs (sensor.list).")]
    [InlineData("eyJ alone is not a token")]
    [InlineData("")]
    public void InnocentTextIsUntouched(string text)
    {
        Assert.Equal(text, Redactor.RedactText(text));
    }

    [Fact]
    public void NullTextBecomesEmpty()
    {
        Assert.Equal(string.Empty, Redactor.RedactText(null));
    }
}
