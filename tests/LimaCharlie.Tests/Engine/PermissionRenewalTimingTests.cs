using System.Net.Http;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>
/// A 401 for a missing permission renews a token only when the token may predate a permission added to the key: a
/// recent token (a minute, or a quarter of a shorter lifetime) carries the key's current permissions.
/// </summary>
[Collection(TimingCollection.Name)]
public class PermissionRenewalTimingTests : EmulatorTest
{
    public PermissionRenewalTimingTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task AMissingPermissionRenewsATokenOnceWhenItMayPredateTheKeysPermissions()
    {
        State.TokenLifetime = TimeSpan.FromSeconds(8); // recent for its first 2 s
        var org = SeedOrg(perms: new[] { "org.get", "sensor.list" });
        var sensor = State.AddSensor(org.Oid.ToString(), new LimaCharlie.Emulator.State.SensorSpec());
        var connection = Connect(org.Credential());
        var tag = new LcRequest(HttpMethod.Post, $"v1/{sensor.Sid}/tags", TokenTarget.Organization(org.Oid)).WithForm("tags", "vip");

        await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(tag, NullLog.Instance, default));
        Assert.Single(MintRequests());

        await Task.Delay(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<LcApiException>(() => connection.SendAsync(tag, NullLog.Instance, default));

        Assert.Equal(FailureReach.MissingPermission, ApiErrors.Reach(error));
        Assert.Contains("Connect-LcOrg again", error.RecommendedAction);
        Assert.Equal(2, MintRequests().Count); // the older token renewed once; the new one's refusal is final
        Assert.Equal(3, ApiRequests($"/v1/{sensor.Sid}/tags").Count);
    }
}
