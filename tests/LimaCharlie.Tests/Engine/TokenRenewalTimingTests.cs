using System.Diagnostics;
using LimaCharlie.Client.Auth;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Renewal driven by the token's own expiry, with short-lived tokens and real waits.</summary>
[Collection(TimingCollection.Name)]
public class TokenRenewalTimingTests : EmulatorTest
{
    public TokenRenewalTimingTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task ShortTokensAreRenewedBeforeTheyExpire()
    {
        State.TokenLifetime = TimeSpan.FromSeconds(3);
        var org = SeedOrg();
        var connection = Connect(org.Credential()); // default 5-minute margin, capped at a quarter of 3 s

        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(7))
        {
            await CallWho(connection, org.Oid);
            calls++;
            await Task.Delay(100);
        }

        var mints = State.Counters.MintsTotal;
        Assert.InRange(mints, 2, 8);       // renewed a few times, not on every call
        Assert.True(calls > 3 * mints, $"{calls} calls, {mints} mints");
        Assert.DoesNotContain(Requests, r => r.Status == 401);
        Assert.Equal(0, State.Counters.Unauthorized);
    }

    [Fact]
    public async Task ConcurrentCallsAfterExpiryRenewOnce()
    {
        State.TokenLifetime = TimeSpan.FromSeconds(2);
        var org = SeedOrg();
        var connection = Connect(org.Credential());
        var target = TokenTarget.Organization(org.Oid);
        await CallWho(connection, org.Oid);
        var old = connection.Tokens.Peek(target)!;
        State.TokenLifetime = TimeSpan.FromHours(1); // the renewed token stays good for the rest of the test

        var deadline = Stopwatch.StartNew();
        while (DateTimeOffset.UtcNow < old.ExpiresAt && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50);
        Assert.True(DateTimeOffset.UtcNow >= old.ExpiresAt, "the first token should have expired by now");

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => CallWho(connection, org.Oid)));

        Assert.Equal(2, State.Counters.MintsTotal); // the first token and exactly one renewal
        Assert.Equal(33, ApiRequests("/v1/who").Count(r => r.Status == 200));
        Assert.Equal(0, State.Counters.Unauthorized);
    }
}
