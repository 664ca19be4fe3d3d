using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>What the minter sends to the JWT endpoint for each kind of key and target, and how it reports refusals.</summary>
public class JwtMinterTests : EmulatorTest
{
    public JwtMinterTests(EmulatorFixture emulator) : base(emulator) { }

    private RequestRecord SingleMint()
    {
        var mint = Assert.Single(MintRequests());
        Assert.Equal("POST", mint.Method);
        Assert.Equal(200, mint.Status);
        Assert.Equal(string.Empty, mint.Query); // everything travels in the form body, nothing in the URL
        return mint;
    }

    private static void AssertFields(RequestRecord mint, params (string Name, string Value)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name).OrderBy(n => n), mint.Form.Keys.OrderBy(n => n));
        foreach (var (name, value) in expected) Assert.Equal(new[] { value }, mint.Form[name]);
    }

    [Fact]
    public async Task OrganizationKeySendsOidAndSecret()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        var token = await connection.GetTokenAsync(TokenTarget.Organization(org.Oid), NullLog.Instance, default);

        AssertFields(SingleMint(), ("oid", org.Oid.ToString()), ("secret", "***"));
        Assert.Equal(3, token.Value.Split('.').Length);
    }

    [Fact]
    public async Task UserKeyForOneOrganizationSendsUidOidAndSecret()
    {
        var user = SeedUser();
        var connection = Connect(user.Credential());

        await connection.GetTokenAsync(TokenTarget.Organization(user.Orgs[0]), NullLog.Instance, default);

        AssertFields(SingleMint(), ("uid", user.Uid), ("oid", user.Orgs[0].ToString()), ("secret", "***"));
    }

    [Fact]
    public async Task UserOnlyTargetSendsOidDash()
    {
        var user = SeedUser();
        var connection = Connect(user.Credential());

        await connection.GetTokenAsync(TokenTarget.UserOnly, NullLog.Instance, default);

        AssertFields(SingleMint(), ("uid", user.Uid), ("oid", "-"), ("secret", "***"));
    }

    [Fact]
    public async Task AllOrganizationsTargetSendsNoOid()
    {
        var user = SeedUser(organizations: 2);
        var connection = Connect(user.Credential());

        await connection.GetTokenAsync(TokenTarget.AllOrganizations, NullLog.Instance, default);

        AssertFields(SingleMint(), ("uid", user.Uid), ("secret", "***"));
    }

    [Fact]
    public async Task ExpirySentAsAbsoluteEpochSeconds()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var wanted = DateTimeOffset.UtcNow.AddHours(4);

        var token = await connection.MintAsync(TokenTarget.Organization(org.Oid), wanted, NullLog.Instance, default);

        var mint = SingleMint();
        Assert.Equal(new[] { wanted.ToUnixTimeSeconds().ToString() }, mint.Form["expiry"]);
        // The emulator reads a future epoch as absolute: the token really lives four hours.
        Assert.Equal(wanted.ToUnixTimeSeconds(), token.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task NoExpiryFieldWithoutAnExpiry()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        await connection.MintAsync(TokenTarget.Organization(org.Oid), null, NullLog.Instance, default);

        Assert.False(SingleMint().Form.ContainsKey("expiry"));
    }

    [Fact]
    public async Task MintAsyncBypassesTheCache()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var target = TokenTarget.Organization(org.Oid);

        var cached = await connection.GetTokenAsync(target, NullLog.Instance, default);
        var custom = await connection.MintAsync(target, DateTimeOffset.UtcNow.AddHours(2), NullLog.Instance, default);

        Assert.Equal(2, State.Counters.MintsTotal);
        Assert.Same(cached, connection.Tokens.Peek(target));
        Assert.NotEqual(cached.Value, custom.Value);
    }

    [Fact]
    public async Task UnknownKeyIsAuthenticationFailedWithTheApiTextAndNoSecret()
    {
        var org = SeedOrg();
        var wrongSecret = Guid.NewGuid().ToString();
        var connection = Connect(new ApiCredential(org.Oid, null, ApiCredential.Secure(wrongSecret), "test"));

        var error = await Assert.ThrowsAsync<LcApiException>(
            () => connection.MintAsync(TokenTarget.Organization(org.Oid), null, NullLog.Instance, default));

        Assert.Equal("LimaCharlie.AuthenticationFailed", error.ErrorId);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("unknown api key", error.ApiMessage);
        Assert.Contains("unknown api key", error.Message);
        Assert.Contains(org.Oid.ToString(), error.Message);
        Assert.DoesNotContain(wrongSecret, error.Message);
        Assert.DoesNotContain(wrongSecret, error.RecommendedAction ?? string.Empty);
        Assert.Equal(0, State.Counters.MintsTotal);
    }

    [Fact]
    public async Task RevokedKeyFailsTheSameWayThroughAnApiCall()
    {
        var org = SeedOrg();
        State.RevokeKey(org.KeyId);
        var connection = Connect(org.Credential());

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal("LimaCharlie.AuthenticationFailed", error.ErrorId);
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(org.Secret, error.Message);
        Assert.Empty(ApiRequests()); // the API call itself was never sent without a token
    }

    [Fact]
    public async Task UserKeyWithoutAccessToTheOrganizationIsRefused()
    {
        var user = SeedUser();
        var other = SeedOrg();
        var connection = Connect(user.Credential());

        var error = await Assert.ThrowsAsync<LcApiException>(
            () => connection.GetTokenAsync(TokenTarget.Organization(other.Oid), NullLog.Instance, default));

        Assert.Equal("LimaCharlie.AuthenticationFailed", error.ErrorId);
        Assert.Contains(user.Uid, error.Message);
        Assert.DoesNotContain(user.Secret, error.Message);
    }

    [Fact]
    public async Task JwtEndpointAnsweringWithoutAJwtIsAnInvalidResponse()
    {
        var org = SeedOrg();
        AddFault(new FaultSpec { PathPrefix = "jwt", Status = 200, Body = "{\"token\":\"x\"}", ContentType = "application/json" });
        var connection = Connect(org.Credential());

        var error = await Assert.ThrowsAsync<LcApiException>(
            () => connection.GetTokenAsync(TokenTarget.Organization(org.Oid), NullLog.Instance, default));

        Assert.Equal("LimaCharlie.InvalidResponse", error.ErrorId);
        Assert.Contains("jwt", error.Message);
    }

    [Fact]
    public async Task UnavailableJwtEndpointIsRetried()
    {
        var org = SeedOrg();
        AddFault(new FaultSpec { PathPrefix = "jwt", Status = 503, Count = 2 });
        var connection = Connect(org.Credential());

        await connection.GetTokenAsync(TokenTarget.Organization(org.Oid), NullLog.Instance, default);

        Assert.Equal(new[] { 503, 503, 200 }, MintRequests().Select(r => r.Status));
        Assert.Equal(1, State.Counters.MintsTotal);
    }
}
