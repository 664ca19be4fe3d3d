using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.State;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>
/// Sensor and installation-key answers in the shapes the official Python SDK reads (tests/conformance/ops_sensors.py):
/// one sensor under <c>info</c> with <c>online</c> beside it, tag entries, the online map, keys under the OID.
/// </summary>
public class SensorApiTests : EmulatorTest
{
    public SensorApiTests(EmulatorFixture emulator) : base(emulator) { }

    [Fact]
    public async Task GetReadsInfoAndTheOnlineObject()
    {
        var org = SeedOrg();
        var online = State.AddSensor(org.Oid.ToString(), new SensorSpec
        {
            Hostname = "ws-alpha", Plat = "windows", Arch = "x64", Online = true, Sealed = true,
            Alive = DateTimeOffset.Parse("2026-03-04T05:06:07Z"), Enroll = DateTimeOffset.Parse("2025-01-02T03:04:05Z"),
        });
        var offline = State.AddSensor(org.Oid.ToString(), new SensorSpec { Hostname = "srv-beta", Plat = "linux", Online = false });
        // The real answer may lack the top-level is_online (sdk/sensor.py reads only 'online'): drop it.
        AddFault(new FaultSpec
        {
            Status = 200, PathPrefix = $"/v1/{offline.Sid}", Count = 1, ContentType = "application/json",
            Body = $$$"""{"info": {"sid": "{{{offline.Sid}}}", "hostname": "srv-beta", "plat": 536870912, "arch": 2}, "online": {}}""",
        });
        var connection = Connect(org.Credential());

        var on = await connection.Organization(org.Oid, NullLog.Instance).Sensors.GetAsync(Guid.Parse(online.Sid), default);
        var off = await connection.Organization(org.Oid, NullLog.Instance).Sensors.GetAsync(Guid.Parse(offline.Sid), default);

        Assert.Equal(("ws-alpha", SensorPlatform.Windows, SensorArchitecture.X64), (on.Hostname, on.Platform, on.Architecture));
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T05:06:07Z"), on.LastSeen);
        Assert.Equal(DateTimeOffset.Parse("2025-01-02T03:04:05Z"), on.EnrolledAt);
        Assert.True(on.IsOnline);
        Assert.True(on.IsSealed && on.ShouldSeal);
        Assert.Equal(("srv-beta", SensorPlatform.Linux, false), (off.Hostname, off.Platform, off.IsOnline));
    }

    [Fact]
    public async Task TagsReadTheAddedTimeAsUnixSecondsOrAsText()
    {
        var org = SeedOrg();
        var sid = State.AddSensor(org.Oid.ToString(), new SensorSpec()).Sid;
        AddFault(new FaultSpec
        {
            Status = 200, PathPrefix = $"/v1/{sid}/tags", Count = 1, ContentType = "application/json",
            Body = $$$"""
                {"tags": {"{{{sid}}}": {
                    "seconds": ["{{{sid}}}", "seconds", "alice@example.com", "1767323045"],
                    "text": ["{{{sid}}}", "text", "mock", "2026-01-02 03:04:05"]} } }
                """,
        });
        var connection = Connect(org.Credential());

        var tags = await connection.Organization(org.Oid, NullLog.Instance).Sensors.GetTagsAsync(Guid.Parse(sid), default);

        Assert.Equal(["seconds", "text"], tags.Select(t => t.Tag));
        Assert.Equal(("alice@example.com", DateTimeOffset.FromUnixTimeSeconds(1767323045)), (tags[0].AddedBy, tags[0].AddedAt));
        Assert.Equal(("mock", DateTimeOffset.Parse("2026-01-02T03:04:05Z")), (tags[1].AddedBy, tags[1].AddedAt));
    }

    [Fact]
    public async Task OnlineReadsTheMapOfSidToBoolean()
    {
        var org = SeedOrg();
        var on = State.AddSensor(org.Oid.ToString(), new SensorSpec { Online = true }).Sid;
        var off = State.AddSensor(org.Oid.ToString(), new SensorSpec { Online = false }).Sid;
        var connection = Connect(org.Credential());

        var states = await connection.Organization(org.Oid, NullLog.Instance).Sensors.OnlineAsync([Guid.Parse(on), Guid.Parse(off)], default);

        Assert.Equal([(Guid.Parse(on), (bool?)true), (Guid.Parse(off), false)], states.Select(s => (s.SensorId, s.IsOnline)));
        Assert.Equal(2, ApiRequests($"/v1/online/{org.Oid}").Single().Form["sids"].Count);
    }

    [Fact]
    public async Task InstallationKeysAreReadUnderTheOidWithCommaJoinedTagsAndEitherCreatedForm()
    {
        var org = SeedOrg();
        var first = State.SetInstallationKey(org.Oid.ToString(), new InstallationKeySpec { Description = "first", Tags = ["a", "b"] });
        var second = State.SetInstallationKey(org.Oid.ToString(), new InstallationKeySpec { Description = "second", UsePublicRootCa = true });
        var connection = Connect(org.Credential());

        var keys = await connection.Organization(org.Oid, NullLog.Instance).InstallationKeys.ListAsync(default);
        var one = await connection.Organization(org.Oid, NullLog.Instance).InstallationKeys.GetAsync(Guid.Parse(first.Iid), default);

        Assert.Equal([Guid.Parse(first.Iid), Guid.Parse(second.Iid)], keys.Select(k => k.InstallationKeyId));
        Assert.Equal(["a", "b"], keys[0].Tags);
        Assert.Empty(keys[1].Tags);
        Assert.True(keys[1].UsePublicRootCa);
        // created: an epoch integer for the first key, "YYYY-MM-DD HH:MM:SS" text for the second; both read as the time.
        Assert.Equal(first.Created.ToUnixTimeSeconds(), keys[0].CreatedAt?.ToUnixTimeSeconds());
        Assert.Equal(second.Created.ToUnixTimeSeconds(), keys[1].CreatedAt?.ToUnixTimeSeconds());
        Assert.Equal("first", one.Description);
        Assert.Equal(["a", "b"], one.Tags);
        Assert.NotNull(one.Key);
    }
}
