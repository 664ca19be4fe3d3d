using System;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Json;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The one-pass parses of sensors and events read every shape the API gives, as the field-by-field readers do.</summary>
public class RecordParseTests
{
    private static readonly Guid Oid = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void ReadsEveryNamedFieldAndKeepsTheRest()
    {
        var sensor = SensorApi.Parse(Json("""
            {"sid": "aaaaaaaa-0000-0000-0000-000000000001", "oid": "bbbbbbbb-0000-0000-0000-000000000002", "hostname": "ws-01",
             "plat": 268435456, "arch": "2", "int_ip": "10.0.0.5", "ext_ip": "203.0.113.9", "mac_addr": "00-11", "is_online": 1,
             "alive": "2026-11-20 10:00:00", "enroll": 1763600000, "is_isolated": false, "isolated": true, "should_isolate": true,
             "sealed": "true", "should_seal": false, "kernel": true, "iid": "cccccccc-0000-0000-0000-000000000003",
             "did": "dddddddd-0000-0000-0000-000000000004", "tags": ["vip", 7], "site": {"room": 3}, "note": null}
            """), Oid);

        Assert.Equal(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), sensor.SensorId);
        Assert.Equal(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"), sensor.OrganizationId);
        Assert.Equal("ws-01", sensor.Hostname);
        Assert.Equal(268435456, sensor.PlatformCode);
        Assert.Equal(LimaCharlie.SensorPlatform.Windows, sensor.Platform);
        Assert.Equal(2, sensor.ArchitectureCode);
        Assert.Equal("10.0.0.5", sensor.InternalIp);
        Assert.Equal("203.0.113.9", sensor.ExternalIp);
        Assert.Equal("00-11", sensor.MacAddress);
        Assert.True(sensor.IsOnline);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), sensor.LastSeen);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763600000), sensor.EnrolledAt);
        Assert.False(sensor.IsIsolated);   // is_isolated wins over isolated
        Assert.True(sensor.ShouldIsolate);
        Assert.True(sensor.IsSealed);      // sealed, when is_sealed is absent
        Assert.False(sensor.ShouldSeal);
        Assert.True(sensor.HasKernel);
        Assert.Equal(Guid.Parse("cccccccc-0000-0000-0000-000000000003"), sensor.InstallationKeyId);
        Assert.Equal(Guid.Parse("dddddddd-0000-0000-0000-000000000004"), sensor.DeviceId);
        // A listing does not carry tags (Get-LcSensorTag reads them); if an answer does, they are kept as given.
        Assert.Equal(new[] { "note", "site", "tags" }, System.Linq.Enumerable.OrderBy(sensor.AdditionalProperties.Keys, k => k));
        Assert.Null(sensor.AdditionalProperties["note"]);
        Assert.Equal(3L, ((System.Collections.Generic.IDictionary<string, object?>)sensor.AdditionalProperties["site"]!)["room"]);
    }

    [Fact]
    public void NullAndMissingFieldsLeaveTheDefaults()
    {
        var sensor = SensorApi.Parse(Json("""{"sid": null, "oid": null, "plat": null, "arch": 99, "is_isolated": null, "isolated": true, "tags": null}"""), Oid);

        Assert.Equal(Guid.Empty, sensor.SensorId);
        Assert.Equal(Oid, sensor.OrganizationId);
        Assert.Equal(LimaCharlie.SensorPlatform.Unknown, sensor.Platform);
        Assert.Equal(LimaCharlie.SensorArchitecture.Unknown, sensor.Architecture);
        Assert.Equal(99, sensor.ArchitectureCode);
        Assert.True(sensor.IsIsolated);
        Assert.Null(sensor.IsOnline);
        Assert.Equal(new[] { "tags" }, sensor.AdditionalProperties.Keys);
    }

    [Fact]
    public void NotAnObjectGivesAnEmptySensorOfTheOrganization()
    {
        var sensor = SensorApi.Parse(Json("\"ws-01\""), Oid);
        Assert.Equal(Oid, sensor.OrganizationId);
        Assert.Equal(Guid.Empty, sensor.SensorId);
    }

    [Fact]
    public void ToObjectKeepsNestedListsAndNumbers()
    {
        var value = JsonValues.ToObject(Json("""{"a": [1, 2.5, "x", true, null, {"b": []}]}"""));
        var list = (object?[])((System.Collections.Generic.IDictionary<string, object?>)value!)["A"]!;   // keys are case-insensitive
        Assert.Equal(new object?[] { 1L, 2.5, "x", true, null }, list[..5]);
        Assert.Empty((object?[])((System.Collections.Generic.IDictionary<string, object?>)list[5]!)["b"]!);
    }

    [Fact]
    public void EventNamesItsRoutingFieldsAndKeepsTheWholeRouting()
    {
        var parsed = InsightApi.ParseEvent(Json("""
            {"routing": {"sid": "aaaaaaaa-0000-0000-0000-000000000001", "hostname": "ws-01", "event_type": "NEW_PROCESS",
                         "event_time": 1763632800000, "event_id": "e-1", "this": "atom-1", "parent": null, "tags": ["a"]},
             "event": {"FILE_PATH": "C:\\x.exe", "PROCESS_ID": 4242}}
            """), Oid);

        Assert.Equal(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), parsed.SensorId);
        Assert.Equal(Oid, parsed.OrganizationId);
        Assert.Equal("ws-01", parsed.Hostname);
        Assert.Equal("NEW_PROCESS", parsed.EventType);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763632800000), parsed.EventTime);
        Assert.Equal("e-1", parsed.EventId);
        Assert.Equal("atom-1", parsed.Atom);
        Assert.Null(parsed.ParentAtom);
        Assert.Equal(8, parsed.Routing.Count);
        Assert.Null(parsed.Routing["parent"]);
        Assert.Equal(4242L, parsed.Data["process_id"]);
    }

    [Fact]
    public void EventWithoutRoutingKeepsTheOrganization()
    {
        var parsed = InsightApi.ParseEvent(Json("""{"routing": "broken", "event": {"A": 1}}"""), Oid);
        Assert.Equal(Oid, parsed.OrganizationId);
        Assert.Equal(Guid.Empty, parsed.SensorId);
        Assert.Empty(parsed.Routing);
        Assert.Equal(1L, parsed.Data["A"]);
    }

    [Fact]
    public void AuditEntryReadsTheFieldsTheSdkDocuments()
    {
        // commands/audit.py: ts UTC text, time in ms, msg, ident, entity {sid: ...} (the sensor acted on), mtd.
        var entry = InsightApi.ParseAudit(Json("""
            {"oid": "bbbbbbbb-0000-0000-0000-000000000002", "ts": "2026-11-20 10:00:00", "time": 1763632800123,
             "etype": "sensor_tagged", "ident": "alice@example.com", "msg": "alice@example.com added tag 'vip' to ws-01",
             "entity": {"sid": "aaaaaaaa-0000-0000-0000-000000000001", "hostname": "ws-01", "tag": "vip"},
             "mtd": {"request_id": "r-1"}}
            """), Oid);

        Assert.Equal(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"), entry.OrganizationId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763632800123), entry.Time);
        Assert.Equal("sensor_tagged", entry.EventType);
        Assert.Equal("alice@example.com", entry.Ident);
        Assert.Equal("alice@example.com added tag 'vip' to ws-01", entry.Message);
        Assert.Equal(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), entry.SensorId);
        Assert.Equal("vip", entry.Entity["tag"]);
        Assert.Equal("r-1", entry.Metadata["request_id"]);
    }

    [Fact]
    public void AuditEntryOfTheLegacyShapeFallsBackToTsOriginAndATopLevelSid()
    {
        var entry = InsightApi.ParseAudit(Json("""
            {"ts": "2026-11-20 10:00:00", "etype": "user_login", "origin": "bob@example.com", "msg": "login",
             "sid": "aaaaaaaa-0000-0000-0000-000000000001"}
            """), Oid);

        Assert.Equal(Oid, entry.OrganizationId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), entry.Time);
        Assert.Equal("bob@example.com", entry.Ident);
        Assert.Equal(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), entry.SensorId);
        Assert.Empty(entry.Entity);
    }

    [Fact]
    public void HiveRecordReadsTheSdkFieldsInTheirUnits()
    {
        var record = HiveApi.Fill(new LimaCharlie.HiveRecord(), Json("""
            {"data": {"python": "pass"},
             "usr_mtd": {"enabled": true, "expiry": 1893456000000, "tags": ["ir"], "comment": "c", "ui_actions": [{"label": "Run", "location": "sensor"}]},
             "sys_mtd": {"etag": "e1", "guid": "g1", "created_by": "k", "created_at": 1700000000000, "last_author": "k", "last_mod": 1700000001000,
                         "last_error": "", "last_error_ts": 0}}
            """), "playbook", "triage", Oid);

        Assert.True(record.Enabled);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1893456000000), record.Expiry);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000001000), record.LastModified);
        Assert.Equal(new[] { "ir" }, record.Tags);
        var action = Assert.IsAssignableFrom<System.Collections.Generic.IDictionary<string, object?>>(Assert.Single(record.UiActions!));
        Assert.Equal("Run", action["label"]);
        Assert.Null(HiveApi.Fill(new LimaCharlie.HiveRecord(), Json("""{"usr_mtd": {}, "sys_mtd": {}}"""), "lookup", "k", Oid).UiActions);
    }
}
