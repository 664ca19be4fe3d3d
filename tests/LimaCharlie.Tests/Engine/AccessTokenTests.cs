using LimaCharlie.Client.Auth;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Reading a JWT's times and deciding when to renew it: pure, no server.</summary>
public class AccessTokenTests
{
    private static readonly TokenTarget Target = TokenTarget.Organization(Guid.NewGuid());
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ParseReadsExpAndIat()
    {
        var iat = Now.AddMinutes(-10);
        var exp = Now.AddMinutes(50);

        var token = AccessToken.Parse(TestJwt.WithTimes(iat, exp), Target, Now);

        Assert.Equal(exp, token.ExpiresAt);
        Assert.Equal(iat, token.IssuedAt);
        Assert.Equal(Target, token.Target);
    }

    [Fact]
    public void ParseTakesATokenWithoutExpToLiveOneHour()
    {
        var token = AccessToken.Parse(TestJwt.WithTimes(Now, null), Target, Now);

        Assert.Equal(Now.AddHours(1), token.ExpiresAt);
    }

    [Fact]
    public void ParseLeavesIssuedAtEmptyWithoutIat()
    {
        var token = AccessToken.Parse(TestJwt.WithTimes(null, Now.AddHours(2)), Target, Now);

        Assert.Null(token.IssuedAt);
        Assert.Equal(Now.AddHours(2), token.ExpiresAt);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("only.two")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!notbase64!!!.sig")]
    public void ParseRefusesWhatIsNotAJwt(string text)
    {
        Assert.Throws<FormatException>(() => AccessToken.Parse(text, Target, Now));
    }

    [Fact]
    public void ToStringNamesTheTargetButNeverTheToken()
    {
        var jwt = TestJwt.WithTimes(Now, Now.AddHours(1));
        var token = AccessToken.Parse(jwt, Target, Now);

        Assert.DoesNotContain(jwt, token.ToString());
        Assert.Contains(Target.OrganizationId!.Value.ToString(), token.ToString());
        Assert.Equal(jwt.Length, token.Length);
    }

    [Fact]
    public void HourLongTokenIsRenewedOnlyWithinTheMargin()
    {
        var token = AccessToken.Parse(TestJwt.WithTimes(Now, Now.AddHours(1)), Target, Now);
        var margin = TimeSpan.FromMinutes(5);

        Assert.False(token.NeedsRenewal(Now, margin));
        Assert.False(token.NeedsRenewal(Now.AddMinutes(54), margin));
        Assert.True(token.NeedsRenewal(Now.AddMinutes(56), margin));
        Assert.True(token.NeedsRenewal(Now.AddHours(2), margin));
    }

    [Fact]
    public void MarginIsCappedAtAQuarterOfTheLifetime()
    {
        // A 4-second token with the default 5-minute margin: renewing 5 minutes early would renew on every call;
        // the cap makes it 1 second.
        var token = AccessToken.Parse(TestJwt.WithTimes(Now, Now.AddSeconds(4)), Target, Now);
        var margin = TimeSpan.FromMinutes(5);

        Assert.False(token.NeedsRenewal(Now, margin));
        Assert.False(token.NeedsRenewal(Now.AddSeconds(2.9), margin));
        Assert.True(token.NeedsRenewal(Now.AddSeconds(3.1), margin));
    }

    [Fact]
    public void WithoutIatTheLifetimeIsTakenAsOneHourForTheCap()
    {
        // exp only: lifetime assumed 1 h, so the cap is 15 min and a 5-minute margin applies as it is.
        var token = AccessToken.Parse(TestJwt.WithTimes(null, Now.AddMinutes(30)), Target, Now);
        var margin = TimeSpan.FromMinutes(5);

        Assert.False(token.NeedsRenewal(Now.AddMinutes(24), margin));
        Assert.True(token.NeedsRenewal(Now.AddMinutes(26), margin));
    }

    [Fact]
    public void ZeroMarginRenewsOnlyAtExpiry()
    {
        var token = AccessToken.Parse(TestJwt.WithTimes(Now, Now.AddMinutes(10)), Target, Now);

        Assert.False(token.NeedsRenewal(Now.AddMinutes(10).AddSeconds(-1), TimeSpan.Zero));
        Assert.True(token.NeedsRenewal(Now.AddMinutes(10), TimeSpan.Zero));
    }
}
