using System.Security;
using LimaCharlie.Client;
using LimaCharlie.Client.Credentials;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Base URLs (plain http only to loopback) and the API credential (never shown).</summary>
public class EndpointsAndCredentialTests
{
    [Fact]
    public void DefaultEndpointsAreTheCloud()
    {
        var endpoints = new LcEndpoints();

        Assert.Equal("https://api.limacharlie.io/", endpoints.ApiUrl.AbsoluteUri);
        Assert.Equal("https://jwt.limacharlie.io/", endpoints.JwtUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("https://api.example.com")]
    public void LoopbackHttpAndAnyHttpsAreAccepted(string url)
    {
        var endpoints = new LcEndpoints(new Uri(url), new Uri(url));

        Assert.EndsWith("/", endpoints.ApiUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("9157798c50af372c.search.example.com", "https://9157798c50af372c.search.example.com/")]
    [InlineData("search.example.com:8443", "https://search.example.com:8443/")]
    [InlineData("http://127.0.0.1:41235", "http://127.0.0.1:41235/")]
    [InlineData("127.0.0.1:41236", "http://127.0.0.1:41236/")]
    [InlineData("https://search.example.com/", "https://search.example.com/")]
    public void AServiceHostKeepsItsSchemeOrGetsHttps(string announced, string expected) =>
        Assert.Equal(expected, LcEndpoints.ServiceRoot(announced, "search URL").AbsoluteUri);

    [Theory]
    [InlineData("http://search.example.com")]
    [InlineData("ftp://search.example.com")]
    [InlineData("https://")]
    public void AServiceHostOverPlainHttpElsewhereOrNotAUrlIsRefused(string announced)
    {
        var e = Assert.Throws<LcConfigurationException>(() => LcEndpoints.ServiceRoot(announced, "search URL"));
        Assert.Contains("search URL", e.Message);
    }

    [Theory]
    [InlineData("http://api.limacharlie.io/")]
    [InlineData("http://10.0.0.5:8080/")]
    [InlineData("http://localhost.example.com/")]
    public void PlainHttpElsewhereIsRefused(string url)
    {
        var api = Assert.Throws<LcConfigurationException>(() => new LcEndpoints(new Uri(url)));
        var jwt = Assert.Throws<LcConfigurationException>(() => new LcEndpoints(null, new Uri(url)));

        Assert.Equal("LimaCharlie.InsecureUrl", api.ErrorId);
        Assert.Equal("LimaCharlie.InsecureUrl", jwt.ErrorId);
        Assert.Contains("JWT URL", jwt.Message);
    }

    [Fact]
    public void OtherSchemesAreRefused()
    {
        Assert.Equal("LimaCharlie.InvalidUrl",
            Assert.Throws<LcConfigurationException>(() => new LcEndpoints(new Uri("ftp://127.0.0.1/"))).ErrorId);
    }

    [Fact]
    public void TrailingSlashIsAdded()
    {
        var endpoints = new LcEndpoints(new Uri("https://proxy.example.com/limacharlie"), new Uri("http://127.0.0.1:9000"));

        Assert.Equal("https://proxy.example.com/limacharlie/", endpoints.ApiUrl.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:9000/", endpoints.JwtUrl.AbsoluteUri);
    }

    [Fact]
    public void ParseGivesNullForNothingAndAClearErrorForText()
    {
        Assert.Null(LcEndpoints.Parse("  ", "API URL"));
        Assert.Equal(new Uri("https://x.example.com/"), LcEndpoints.Parse(" https://x.example.com/ ", "API URL"));
        Assert.Equal("LimaCharlie.InvalidUrl",
            Assert.Throws<LcConfigurationException>(() => LcEndpoints.Parse("not a url", "API URL in LC_API_URL")).ErrorId);
    }

    [Fact]
    public void EmptyKeyIsRefused()
    {
        var error = Assert.Throws<LcConfigurationException>(() => new ApiCredential(Guid.NewGuid(), null, new SecureString(), "test"));

        Assert.Equal("LimaCharlie.EmptyApiKey", error.ErrorId);
    }

    [Fact]
    public void KeyWithoutOrganizationOrUserIsRefused()
    {
        var error = Assert.Throws<LcConfigurationException>(() => new ApiCredential(null, "  ", ApiCredential.Secure("k"), "test"));

        Assert.Equal("LimaCharlie.MissingOrganizationId", error.ErrorId);
    }

    [Fact]
    public void ToStringNeverShowsTheKey()
    {
        const string key = "5e2d7c1a-aaaa-bbbb-cccc-0123456789ab";
        var oid = Guid.NewGuid();
        var org = new ApiCredential(oid, null, ApiCredential.Secure(key), "parameters");
        var user = new ApiCredential(oid, " user-1 ", ApiCredential.Secure(key), "environment variables");

        Assert.DoesNotContain(key, org.ToString());
        Assert.Contains(oid.ToString(), org.ToString());
        Assert.Equal(CredentialKind.Organization, org.Kind);
        Assert.DoesNotContain(key, user.ToString());
        Assert.Contains("user-1", user.ToString());
        Assert.Equal("user-1", user.UserId);
        Assert.Equal(CredentialKind.User, user.Kind);
    }

    [Fact]
    public void KeyIsCopiedReadOnlySoTheCallerCannotChangeIt()
    {
        var key = new SecureString();
        foreach (var c in "abc") key.AppendChar(c);

        var credential = new ApiCredential(Guid.NewGuid(), null, key, "test");
        key.AppendChar('d');

        Assert.Equal("abc", credential.WithPlainKey(k => k));
    }
}
