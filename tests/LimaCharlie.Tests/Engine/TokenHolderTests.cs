using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Token cache, forced renewal on 401 and the no-loop rule (no wall-clock waits here).</summary>
public class TokenHolderTests : EmulatorTest
{
    public TokenHolderTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task ManyCallsShareOneMint()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        for (var i = 0; i < 10; i++) await CallWho(connection, org.Oid);

        Assert.Equal(1, State.Counters.MintsTotal);
        Assert.Equal(10, ApiRequests("/v1/who").Count);
        Assert.All(ApiRequests(), r => Assert.True(r.HasAuth));
        Assert.Equal(1, connection.Minter.MintCount);
    }

    [Fact]
    public async Task EachTargetHasItsOwnToken()
    {
        var user = SeedUser(organizations: 2);
        var connection = Connect(user.Credential());

        var first = await connection.GetTokenAsync(TokenTarget.Organization(user.Orgs[0]), NullLog.Instance, default);
        var second = await connection.GetTokenAsync(TokenTarget.Organization(user.Orgs[1]), NullLog.Instance, default);
        var firstAgain = await connection.GetTokenAsync(TokenTarget.Organization(user.Orgs[0]), NullLog.Instance, default);
        var userOnly = await connection.GetTokenAsync(TokenTarget.UserOnly, NullLog.Instance, default);

        Assert.Same(first, firstAgain);
        Assert.NotEqual(first.Value, second.Value);
        Assert.NotEqual(first.Value, userOnly.Value);
        Assert.Equal(3, State.Counters.MintsTotal);
    }

    [Fact]
    public async Task OneUnauthorizedAnswerCausesExactlyOneRenewalAndTheCallSucceeds()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        await CallWho(connection, org.Oid);
        var before = connection.Tokens.Peek(TokenTarget.Organization(org.Oid));
        AddFault(new FaultSpec { Status = 401, Count = 1, PathPrefix = "/v1/who", Error = "token expired" });

        var who = await CallWho(connection, org.Oid);

        Assert.Equal(org.Oid.ToString(), who.GetProperty("orgs")[0].GetString());
        Assert.Equal(2, State.Counters.MintsTotal);
        Assert.Equal(new[] { 200, 401, 200 }, ApiRequests("/v1/who").Select(r => r.Status));
        Assert.NotSame(before, connection.Tokens.Peek(TokenTarget.Organization(org.Oid)));
    }

    [Fact]
    public async Task SecondUnauthorizedAfterRenewalIsReturnedWithoutLooping()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        AddFault(new FaultSpec { Status = 401, PathPrefix = "/v1/who", Error = "token expired" });

        var error = await Assert.ThrowsAsync<LcApiException>(() => CallWho(connection, org.Oid));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("LimaCharlie.Unauthorized", error.ErrorId);
        Assert.Equal("token expired", error.ApiMessage);
        Assert.Equal(2, ApiRequests("/v1/who").Count); // the request and one retry with the renewed token
        Assert.Equal(2, State.Counters.MintsTotal);     // the first token and one renewal
    }

    [Fact]
    public async Task ConcurrentFirstCallsMintOnce()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => CallWho(connection, org.Oid))));

        Assert.Equal(1, State.Counters.MintsTotal);
        Assert.Equal(32, ApiRequests("/v1/who").Count(r => r.Status == 200));
    }

    [Fact]
    public async Task ClearForgetsCachedTokens()
    {
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var target = TokenTarget.Organization(org.Oid);
        await CallWho(connection, org.Oid);

        connection.Tokens.Clear();

        Assert.Null(connection.Tokens.Peek(target));
        await CallWho(connection, org.Oid);
        Assert.Equal(2, State.Counters.MintsTotal);
    }
}
