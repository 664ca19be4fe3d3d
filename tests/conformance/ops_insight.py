"""Insight: a sensor's retained events (sdk/sensor.py), detections and the audit log (sdk/organization.py), and IOC
search (sdk/insight.py), read as the SDK and its CLI (commands/event.py, detection.py, audit.py, ioc.py) read them."""

from __future__ import annotations

import re
import struct
import uuid
from datetime import datetime, timezone

from harness import Context, Tenant, check, equal, has, now, operation, raises

HOUR = 3600
DAY = 86400
AUDIT_TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def _sensor(ctx: Context, tenant: Tenant, sid: str):
    from limacharlie.sdk.sensor import Sensor
    return Sensor(ctx.org(tenant), sid)


def _insight(ctx: Context, tenant: Tenant):
    from limacharlie.sdk.insight import Insight
    return Insight(ctx.org(tenant))


def _telemetry(ctx: Context, tenant: Tenant, sid: str, count: int, start: int, end: int, *types: str) -> None:
    body = {"sid": sid, "count": count, "start": start, "end": end}
    if types:
        body["eventTypes"] = list(types)
    ctx.emu.post(f"orgs/{tenant.oid}/telemetry", body)



def _pages(ctx: Context, seq: int, path: str) -> list[dict]:
    return [r for r in ctx.emu.requests_since(seq) if r["method"] == "GET" and r["path"] == path]


def _id_sum(ids) -> int:
    """The emulator's digest of a set of event ids: each id's bytes as .NET's Guid.ToByteArray gives them (bytes_le),
    read as two little-endian 64-bit numbers, summed modulo 2^64."""
    total = 0
    for text in ids:
        low, high = struct.unpack("<QQ", uuid.UUID(text).bytes_le)
        total = (total + low + high) % (1 << 64)
    return total


def _check_event(evt, oid: str, sid: str, hostname: str, start_ms: int, end_ms: int, what: str = "event") -> None:
    has(evt, "routing", "event", what=what)
    routing = evt["routing"]
    has(routing, "oid", "sid", "hostname", "event_type", "event_time", "event_id", "this", "parent", "tags",
        what=f"{what}.routing (commands/event.py explain: routing fields)")
    equal(routing["sid"], sid, f"{what}.routing.sid")
    equal(routing["oid"], oid, f"{what}.routing.oid")
    equal(routing["hostname"], hostname, f"{what}.routing.hostname")
    check(isinstance(routing["event_time"], int) and start_ms <= routing["event_time"] < end_ms,
          f"{what}.routing.event_time is a millisecond stamp in [{start_ms}, {end_ms}), got {routing['event_time']!r}")
    check(isinstance(routing["this"], str) and re.fullmatch(r"[0-9a-f]{32}", routing["this"]) is not None,
          f"{what}.routing.this is an atom (32 hex digits), got {routing['this']!r}")
    check(isinstance(routing["tags"], list), f"{what}.routing.tags is a list, got {routing['tags']!r}")
    check(isinstance(evt["event"], dict), f"{what}.event is an object, got {evt['event']!r}")
    if routing["event_type"] == "NEW_PROCESS":
        has(evt["event"], "FILE_PATH", "COMMAND_LINE", "PROCESS_ID", "USER_NAME", "PARENT",
            what=f"{what}.event of NEW_PROCESS (commands/event.py explain)")
    elif routing["event_type"] == "DNS_REQUEST":
        has(evt["event"], "DOMAIN_NAME", "IP_ADDRESS", "DNS_TYPE", what=f"{what}.event of DNS_REQUEST")
    elif routing["event_type"] == "NETWORK_CONNECTIONS":
        has(evt["event"], "NETWORK_ACTIVITY", what=f"{what}.event of NETWORK_CONNECTIONS")
        check(isinstance(evt["event"]["NETWORK_ACTIVITY"], list), "NETWORK_ACTIVITY is an array (commands/event.py explain)")


def _one_sensor(ctx: Context, hostname: str) -> tuple[Tenant, str]:
    tenant = ctx.tenant()
    sid = ctx.emu.post(f"orgs/{tenant.oid}/sensors", {"sensors": [{"hostname": hostname, "plat": "windows"}]})["sids"][0]
    return tenant, sid


# ---- Sensor events --------------------------------------------------------------------------------------------


@operation("Sensor.get_events (compressed, cursor paging)", "insight", "sdk/sensor.py:266 next_cursor, :267 unwrap(events)")
def events_paging(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-events-01")
    end = now() - 60
    start = end - HOUR
    _telemetry(ctx, tenant, sid, 2500, start, end)
    seq = ctx.emu.last_seq()
    events = list(_sensor(ctx, tenant, sid).get_events(start - HOUR, end + 60))
    equal(len(events), 2500, "events over three pages of 1000 (the API's default page)")
    for evt in events:
        _check_event(evt, tenant.oid, sid, "ws-events-01", start * 1000, end * 1000)
    ids = [e["routing"]["event_id"] for e in events]
    equal(len(set(ids)), 2500, "distinct event ids (no page read twice)")
    digest = ctx.emu.get(f"orgs/{tenant.oid}/telemetry/{sid}/digest?start={start - HOUR}&end={end + 60}")
    equal(str(_id_sum(ids)), digest["idSum"], "sum of the event ids against the emulator's digest (each event once)")
    times = [e["routing"]["event_time"] for e in events]
    equal(times, sorted(times), "events oldest first (the SDK's default is_forward=true)")
    equal({e["routing"]["event_type"] for e in events}, {"NEW_PROCESS", "DNS_REQUEST", "NETWORK_CONNECTIONS", "FILE_CREATE"},
          "event types of the default registration")
    pages = _pages(ctx, seq, f"/v1/insight/{tenant.oid}/{sid}")
    equal(len(pages), 3, "pages asked")
    check("cursor=-" in pages[0]["query"] and "is_compressed=true" in pages[0]["query"],
          f"the first page is asked with cursor=- and is_compressed=true, got {pages[0]['query']!r}")
    check("cursor=-" not in pages[1]["query"], "the second page is asked with the first page's next_cursor")


@operation("Sensor.get_events (is_forward=False)", "insight", "sdk/sensor.py:259 is_forward, :267 unwrap(events)")
def events_backward(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-events-02")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 40, end - HOUR, end)
    sensor = _sensor(ctx, tenant, sid)
    backward = list(sensor.get_events(end - 2 * HOUR, end, is_forward=False))
    forward = list(sensor.get_events(end - 2 * HOUR, end))
    equal(len(backward), 40, "events newest first")
    times = [e["routing"]["event_time"] for e in backward]
    equal(times, sorted(times, reverse=True), "is_forward=false gives the newest first")
    equal([e["routing"]["this"] for e in backward], [e["routing"]["this"] for e in reversed(forward)],
          "the same events, in the opposite order")


@operation("Sensor.get_events (event_type filter)", "insight", "sdk/sensor.py:262 event_type")
def events_by_type(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-events-03")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 15, end - HOUR, end, "NEW_PROCESS")
    _telemetry(ctx, tenant, sid, 10, end - HOUR, end, "DNS_REQUEST")
    sensor = _sensor(ctx, tenant, sid)
    dns = list(sensor.get_events(end - 2 * HOUR, end, event_type="DNS_REQUEST"))
    equal(len(dns), 10, "DNS_REQUEST events")
    equal({e["routing"]["event_type"] for e in dns}, {"DNS_REQUEST"}, "routing.event_type of the filtered events")
    for evt in dns:
        _check_event(evt, tenant.oid, sid, "ws-events-03", (end - HOUR) * 1000, end * 1000)
    equal(len(list(sensor.get_events(end - 2 * HOUR, end))), 25, "all events without the filter")


@operation("Sensor.get_events (limit)", "insight", "sdk/sensor.py:269-273 stops at limit")
def events_limit(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-events-04")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 50, end - HOUR, end)
    seq = ctx.emu.last_seq()
    events = list(_sensor(ctx, tenant, sid).get_events(end - 2 * HOUR, end, limit=7))
    equal(len(events), 7, "events up to the limit")
    pages = _pages(ctx, seq, f"/v1/insight/{tenant.oid}/{sid}")
    equal(len(pages), 1, "pages asked for 7 events")
    check("limit=7" in pages[0]["query"], f"limit sent as the page size, got {pages[0]['query']!r}")


@operation("Sensor.get_events (uncompressed page)", "insight", "limacharlie-api.md §3.12: events an array without is_compressed")
def events_plain(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-events-05")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 12, end - HOUR, end)
    client = ctx.client(tenant)
    window = {"start": str(end - 2 * HOUR), "end": str(end), "is_forward": "true", "cursor": "-"}
    plain = client.request("GET", f"insight/{tenant.oid}/{sid}", query_params=window)
    has(plain, "events", "next_cursor")
    check(isinstance(plain["events"], list), f"events is an array when not compressed, got {type(plain['events']).__name__}")
    equal(plain["next_cursor"], "", "next_cursor of the last page")
    packed = client.request("GET", f"insight/{tenant.oid}/{sid}", query_params={**window, "is_compressed": "true"})
    check(isinstance(packed["events"], str), "events is a base64 gzip string when compressed")
    equal(plain["events"], client.unwrap(packed["events"]), "the same events, compressed or not")


@operation("Sensor.get_events (unknown sensor)", "insight", "client.py:798 error_from_status_code 404")
def events_unknown_sensor(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant = ctx.tenant()
    stranger = str(uuid.uuid4())
    raises(lambda: list(_sensor(ctx, tenant, stranger).get_events(now() - HOUR, now())), NotFoundError,
            what="events of a sensor not in the org")


@operation("Sensor.get_events (missing insight.evt.get)", "insight", "client.py:798 error_from_status_code 401/403")
def events_refused(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError, PermissionDeniedError
    tenant = ctx.tenant(perms=["sensor.list", "sensor.get"])
    sid = ctx.seed_sensors(tenant, count=1)[0]
    _telemetry(ctx, tenant, sid, 5, now() - HOUR, now())
    raises(lambda: list(_sensor(ctx, tenant, sid).get_events(now() - 2 * HOUR, now())),
            AuthenticationError, PermissionDeniedError, what="events without insight.evt.get")


@operation("Sensor.get_overview", "insight", "sdk/sensor.py:287 data['overview']; commands/event.py overview explain")
def overview(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-overview-01")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 30, end - 600, end)
    sensor = _sensor(ctx, tenant, sid)
    times = {e["routing"]["event_time"] for e in sensor.get_events(end - 2 * HOUR, end)}
    points = sensor.get_overview(end - 2 * HOUR, end)
    check(isinstance(points, list), f"the overview is a list (the SDK returns the answer itself without 'overview'), got {points!r}")
    check(len(points) > 0, "the overview of a window holding events is not empty")
    for point in points:
        check(isinstance(point, int), f"each overview entry is a millisecond number, got {point!r}")
        check(point in times, f"each overview entry is the time of an event (commands/event.py: one per bucketed event), got {point}")
    equal(points, sorted(points, reverse=True), "overview entries newest first (commands/event.py example)")
    equal(sensor.get_overview(end - 5 * HOUR, end - 4 * HOUR), [], "the overview of a window without events")


@operation("Sensor.get_event_by_atom", "insight", "sdk/sensor.py:298 the answer as is; commands/event.py get explain")
def event_by_atom(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-atom-01")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 20, end - HOUR, end)
    sensor = _sensor(ctx, tenant, sid)
    listed = list(sensor.get_events(end - 2 * HOUR, end))
    for evt in (listed[0], listed[-1]):
        answer = sensor.get_event_by_atom(evt["routing"]["this"])
        has(answer, "event", what="answer (limacharlie-api.md §3.12: {\"event\": {...}})")
        equal(answer["event"], evt, "the event of the atom, as listed")
    from limacharlie.errors import NotFoundError
    raises(lambda: sensor.get_event_by_atom("0" * 32), NotFoundError, what="an unknown atom")


@operation("Sensor.get_children_events", "insight", "sdk/sensor.py:311 unwrap(events); commands/event.py children explain")
def children(ctx: Context) -> None:
    tenant, sid = _one_sensor(ctx, "ws-children-01")
    end = now() - 60
    _telemetry(ctx, tenant, sid, 10, end - HOUR, end, "NEW_PROCESS")
    _telemetry(ctx, tenant, sid, 5, end - HOUR, end, "DNS_REQUEST")
    sensor = _sensor(ctx, tenant, sid)
    process = next(iter(sensor.get_events(end - 2 * HOUR, end, event_type="NEW_PROCESS", limit=1)))
    atom = process["routing"]["this"]
    kids = sensor.get_children_events(atom)
    check(isinstance(kids, list) and len(kids) == 2, f"two children of a NEW_PROCESS event, got {kids!r}"[:300])
    for kid in kids:
        _check_event(kid, tenant.oid, sid, "ws-children-01", process["routing"]["event_time"], (end + 1) * 1000, what="child")
        equal(kid["routing"]["parent"], atom, "child routing.parent (commands/event.py: the parent atom you provided)")
        equal(sensor.get_event_by_atom(kid["routing"]["this"])["event"], kid, "a child resolved by its own atom")
    dns = next(iter(sensor.get_events(end - 2 * HOUR, end, event_type="DNS_REQUEST", limit=1)))
    equal(sensor.get_children_events(dns["routing"]["this"]), [], "children of an event that started nothing")


# ---- Detections -----------------------------------------------------------------------------------------------


def _check_detection(d, oid: str, hosts: dict[str, str], start_ms: int, end_ms: int) -> None:
    has(d, "detect_id", "cat", "source", "source_rule", "namespace", "author", "ts", "detect", "detect_mtd", "link", "routing",
        what="detection (limacharlie-api.md §3.12; commands/detection.py explain)")
    check(isinstance(d["ts"], int) and start_ms <= d["ts"] < end_ms, f"ts is a millisecond stamp in the window, got {d['ts']!r}")
    routing = d["routing"]
    has(routing, "sid", "hostname", "event_type", "event_time", "this", "oid", what="detection routing")
    check(routing["sid"] in hosts, f"routing.sid is a seeded sensor, got {routing['sid']!r}")
    equal(routing["hostname"], hosts[routing["sid"]], "routing.hostname of the detection's sensor")
    equal(routing["oid"], oid, "routing.oid")
    has(d["detect"], "event", "routing", what="detect (the triggering event)")
    equal(d["detect"]["routing"]["event_type"], routing["event_type"], "detect.routing.event_type")
    expected_type = {"evil-process": "NEW_PROCESS", "dns-exfil": "DNS_REQUEST"}.get(d["cat"])
    if expected_type:
        equal(routing["event_type"], expected_type, f"event type of a {d['cat']} detection")
    check(isinstance(d["detect_mtd"], dict), f"detect_mtd is an object, got {d['detect_mtd']!r}")


def _detection_tenant(ctx: Context, count: int, categories: list[str]) -> tuple[Tenant, dict[str, str], int, int]:
    tenant = ctx.tenant()
    seeded = ctx.emu.post(f"orgs/{tenant.oid}/sensors", {"sensors": [{"hostname": "dc-01"}, {"hostname": "ws-02"}]})["sids"]
    hosts = dict(zip(seeded, ("dc-01", "ws-02")))
    end = now() - 60
    ctx.emu.post(f"orgs/{tenant.oid}/detections", {"count": count, "start": end - HOUR, "end": end, "categories": categories})
    return tenant, hosts, end - HOUR, end


@operation("Organization.get_detections (compressed, cursor paging)", "insight", "sdk/organization.py:1049 next_cursor, :1050 unwrap(detects)")
def detections_paging(ctx: Context) -> None:
    tenant, hosts, start, end = _detection_tenant(ctx, 2100, ["evil-process", "dns-exfil"])
    seq = ctx.emu.last_seq()
    detections = list(ctx.org(tenant).get_detections(start - HOUR, end + 60))
    equal(len(detections), 2100, "detections over three pages of 1000")
    for d in detections:
        _check_detection(d, tenant.oid, hosts, start * 1000, end * 1000)
    equal(len({d["detect_id"] for d in detections}), 2100, "distinct detection ids")
    equal({d["cat"] for d in detections}, {"evil-process", "dns-exfil"}, "categories")
    equal({d["routing"]["sid"] for d in detections}, set(hosts), "detections spread over the seeded sensors")
    pages = _pages(ctx, seq, f"/v1/insight/{tenant.oid}/detections")
    equal(len(pages), 3, "pages asked")
    check("cursor=-" in pages[0]["query"] and "is_compressed=true" in pages[0]["query"],
          f"the first page is asked with cursor=- and is_compressed=true, got {pages[0]['query']!r}")


@operation("Organization.get_detections (cat filter, limit)", "insight", "sdk/organization.py:1045 cat, :1052 limit")
def detections_by_category(ctx: Context) -> None:
    tenant, hosts, start, end = _detection_tenant(ctx, 60, ["evil-process", "dns-exfil", "lateral-movement"])
    org = ctx.org(tenant)
    everything = list(org.get_detections(start, end))
    evil = list(org.get_detections(start, end, category="evil-process"))
    equal(len(evil), sum(1 for d in everything if d["cat"] == "evil-process"), "evil-process detections, filtered by the API")
    check(len(evil) > 0, "some evil-process detections were seeded")
    equal({d["cat"] for d in evil}, {"evil-process"}, "cat of the filtered detections")
    equal(sorted(d["detect_id"] for d in evil), sorted(d["detect_id"] for d in everything if d["cat"] == "evil-process"),
          "the same detections, filtered or not")
    equal(len(list(org.get_detections(start, end, limit=5))), 5, "detections up to the limit")


@operation("Organization.get_detection_by_id", "insight", "sdk/organization.py:1067 the answer as is; commands/detection.py get explain")
def detection_by_id(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, hosts, start, end = _detection_tenant(ctx, 10, ["evil-process"])
    org = ctx.org(tenant)
    listed = list(org.get_detections(start, end))
    for d in (listed[0], listed[-1]):
        one = org.get_detection_by_id(d["detect_id"])
        _check_detection(one, tenant.oid, hosts, start * 1000, end * 1000)
        equal(one, d, "the detection of the id, as listed")
    raises(lambda: org.get_detection_by_id(str(uuid.uuid4())), NotFoundError, what="an unknown detection id")


@operation("Organization.get_detections (missing insight.det.get)", "insight", "client.py:798 error_from_status_code 401/403")
def detections_refused(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError, PermissionDeniedError
    tenant = ctx.tenant(perms=["insight.evt.get"])
    raises(lambda: list(ctx.org(tenant).get_detections(now() - HOUR, now())), AuthenticationError, PermissionDeniedError,
            what="detections without insight.det.get")


# ---- Audit ----------------------------------------------------------------------------------------------------


def _check_audit(entry, oid: str, hosts: dict[str, str], start_ms: int, end_ms: int) -> None:
    has(entry, "oid", "ts", "time", "etype", "msg", "ident", "entity", "mtd", what="audit entry (commands/audit.py explain)")
    equal(entry["oid"], oid, "oid")
    check(isinstance(entry["time"], int) and start_ms <= entry["time"] < end_ms,
          f"time is a millisecond stamp in the window (commands/audit.py: Unix milliseconds), got {entry['time']!r}")
    check(isinstance(entry["ts"], str) and AUDIT_TS.match(entry["ts"]) is not None,
          f"ts is UTC text \"YYYY-MM-DD HH:MM:SS\" (commands/audit.py), got {entry['ts']!r}")
    equal(entry["ts"], datetime.fromtimestamp(entry["time"] // 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
          "ts is the same moment as time")
    check(isinstance(entry["msg"], str) and entry["msg"], f"msg is a readable text, got {entry['msg']!r}")
    check(isinstance(entry["ident"], str) and entry["ident"], f"ident names who acted, got {entry['ident']!r}")
    check(isinstance(entry["entity"], dict), f"entity is an object, got {entry['entity']!r}")
    check(isinstance(entry["mtd"], dict), f"mtd is an object, got {entry['mtd']!r}")
    if entry["etype"].startswith("sensor_"):
        sid = entry["entity"].get("sid")
        check(sid in hosts, f"entity.sid of a {entry['etype']} entry is a seeded sensor (commands/audit.py: entity {{sid: ...}}), got {sid!r}")
        equal(entry["entity"].get("hostname"), hosts[sid], "entity.hostname")


def _audit_tenant(ctx: Context, count: int) -> tuple[Tenant, dict[str, str], int, int]:
    tenant = ctx.tenant()
    seeded = ctx.emu.post(f"orgs/{tenant.oid}/sensors", {"sensors": [{"hostname": "srv-a"}, {"hostname": "srv-b"}]})["sids"]
    end = now() - 60
    ctx.emu.post(f"orgs/{tenant.oid}/audit", {"count": count, "start": end - HOUR, "end": end})
    return tenant, dict(zip(seeded, ("srv-a", "srv-b"))), end - HOUR, end


@operation("Organization.get_audit_logs (compressed, cursor paging)", "insight", "sdk/organization.py:1096 next_cursor, :1097 unwrap(events); commands/audit.py")
def audit_paging(ctx: Context) -> None:
    tenant, hosts, start, end = _audit_tenant(ctx, 2200)
    seq = ctx.emu.last_seq()
    entries = list(ctx.org(tenant).get_audit_logs(start - HOUR, end + 60))
    equal(len(entries), 2200, "audit entries over three pages of 1000")
    for entry in entries:
        _check_audit(entry, tenant.oid, hosts, start * 1000, end * 1000)
    equal(len({e["mtd"]["request_id"] for e in entries}), 2200, "distinct entries (no page read twice)")
    pages = _pages(ctx, seq, f"/v1/insight/{tenant.oid}/audit")
    equal(len(pages), 3, "pages asked")
    check("cursor=-" in pages[0]["query"] and "is_compressed=true" in pages[0]["query"],
          f"the first page is asked with cursor=- and is_compressed=true, got {pages[0]['query']!r}")


@operation("Organization.get_audit_logs (event_type, sid, limit)", "insight", "sdk/organization.py:1089-1092 event_type, sid")
def audit_filters(ctx: Context) -> None:
    tenant, hosts, start, end = _audit_tenant(ctx, 300)
    org = ctx.org(tenant)
    everything = list(org.get_audit_logs(start, end))
    tagged = list(org.get_audit_logs(start, end, event_type="sensor_tagged"))
    check(len(tagged) > 0, "some sensor_tagged entries were seeded")
    equal(sorted(e["mtd"]["request_id"] for e in tagged),
          sorted(e["mtd"]["request_id"] for e in everything if e["etype"] == "sensor_tagged"), "entries of etype sensor_tagged")
    sid = next(iter(hosts))
    of_sensor = list(org.get_audit_logs(start, end, sid=sid))
    check(len(of_sensor) > 0, "some entries relate to the first sensor")
    equal(sorted(e["mtd"]["request_id"] for e in of_sensor),
          sorted(e["mtd"]["request_id"] for e in everything if e["entity"].get("sid") == sid),
          "entries whose entity is the sensor (commands/audit.py: --sid, events relating to a sensor)")
    equal(len(list(org.get_audit_logs(start, end, limit=9))), 9, "entries up to the limit")


@operation("Organization.get_audit_logs (missing audit.get)", "insight", "client.py:798 error_from_status_code 401/403")
def audit_refused(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError, PermissionDeniedError
    tenant = ctx.tenant(perms=["insight.evt.get", "insight.det.get"])
    raises(lambda: list(ctx.org(tenant).get_audit_logs(now() - HOUR, now())), AuthenticationError, PermissionDeniedError,
            what="audit without audit.get")


# ---- Insight: retention and IOC search ------------------------------------------------------------------------


@operation("Insight.is_enabled", "insight", "sdk/insight.py:27 insight_bucket")
def is_enabled(ctx: Context) -> None:
    tenant = ctx.tenant()
    equal(_insight(ctx, tenant).is_enabled(), True, "Insight enabled (a non-empty insight_bucket)")


def _ioc_tenant(ctx: Context) -> tuple[Tenant, list[str], int]:
    tenant = ctx.tenant()
    sids = ctx.emu.post(f"orgs/{tenant.oid}/sensors", {"sensors": [{"hostname": "ws-01"}, {"hostname": "ws-02"}, {"hostname": "srv-03"}]})["sids"]
    t = now()
    ctx.emu.post(f"orgs/{tenant.oid}/iocs", {"sightings": [
        {"type": "domain", "name": "evil.example.com", "sid": sids[0], "first": t - 10 * DAY, "last": t - 60},
        {"type": "domain", "name": "evil.example.com", "sid": sids[1], "first": t - 4 * DAY, "last": t - 3 * DAY},
        {"type": "domain", "name": "evil.example.com", "sid": sids[2], "first": t - 70 * DAY, "last": t - 60 * DAY},
        {"type": "domain", "name": "Bad.example.net", "sid": sids[0], "first": t - 200 * DAY, "last": t - 200 * DAY},
        {"type": "file_hash", "name": "aa11", "sid": sids[2], "first": t - DAY, "last": t - 100},
    ]})
    return tenant, sids, t


WINDOWS = ("last_1_days", "last_7_days", "last_30_days", "last_365_days")


@operation("Insight.search_ioc (summary)", "insight", "sdk/insight.py:61 the answer as is; limacharlie-api.md §3.12 objects summary")
def ioc_summary(ctx: Context) -> None:
    tenant, _, _ = _ioc_tenant(ctx)
    insight = _insight(ctx, tenant)
    answer = insight.search_ioc("domain", "evil.example.com")
    has(answer, "type", "name", "from_cache", *WINDOWS, what="summary")
    equal((answer["type"], answer["name"]), ("domain", "evil.example.com"), "type and name")
    equal([answer[w] for w in WINDOWS], [1, 2, 2, 3], "sensors that saw it over 1, 7, 30, 365 days")
    equal([insight.search_ioc("domain", "bad.example.net")[w] for w in WINDOWS], [0, 0, 0, 0], "case-sensitive by default")
    equal([insight.search_ioc("domain", "bad.example.net", case_sensitive=False)[w] for w in WINDOWS], [0, 0, 0, 1],
          "case_sensitive=False")
    equal([insight.get_object_information("file_hash", "aa11")[w] for w in WINDOWS], [1, 1, 1, 1],
          "get_object_information (commands/ioc.py enrich), the same call")


@operation("Insight.search_ioc (wildcards, per object)", "insight", "sdk/insight.py:47 per_object when wildcards")
def ioc_wildcards(ctx: Context) -> None:
    tenant, _, _ = _ioc_tenant(ctx)
    answer = _insight(ctx, tenant).search_ioc("domain", "%.example.%", case_sensitive=False, wildcards=True)
    has(answer, "type", "name", *WINDOWS, what="per-object summary")
    for window in WINDOWS:
        check(isinstance(answer[window], dict), f"{window} is a name → count map per object, got {answer[window]!r}")
    equal(answer["last_365_days"], {"evil.example.com": 3, "Bad.example.net": 1}, "last_365_days per matching name")
    equal(answer["last_7_days"], {"evil.example.com": 2}, "last_7_days per matching name")


@operation("Insight.search_ioc (locations)", "insight", "sdk/insight.py:61; commands/ioc.py search --info locations")
def ioc_locations(ctx: Context) -> None:
    tenant, sids, t = _ioc_tenant(ctx)
    insight = _insight(ctx, tenant)
    answer = insight.search_ioc("domain", "evil.example.com", info="locations")
    has(answer, "type", "name", "from_cache", *sids, what="locations (limacharlie-api.md §3.12: <sid>: {sid, hostname, first_ts, last_ts})")
    for sid, host, first, last in ((sids[0], "ws-01", t - 10 * DAY, t - 60), (sids[2], "srv-03", t - 70 * DAY, t - 60 * DAY)):
        equal(answer[sid], {"sid": sid, "hostname": host, "first_ts": first, "last_ts": last}, f"location of {host}")
    limited = insight.search_ioc("domain", "evil.example.com", info="locations", limit=2)
    equal(len([k for k in limited if k in sids]), 2, "locations up to the limit")


@operation("Insight.batch_search (summary)", "insight", "sdk/insight.py:90; limacharlie-api.md §3.12 POST objects")
def ioc_batch(ctx: Context) -> None:
    tenant, _, _ = _ioc_tenant(ctx)
    answer = _insight(ctx, tenant).batch_search({"domain": ["evil.example.com", "never.example.org"], "file_hash": ["aa11"]})
    has(answer, "from_cache", *WINDOWS, what="batch summary")
    equal(answer["last_7_days"], {"domain": {"evil.example.com": 2, "never.example.org": 0}, "file_hash": {"aa11": 1}},
          "last_7_days by type and name")
    equal(answer["last_365_days"]["domain"]["evil.example.com"], 3, "last_365_days of evil.example.com")


@operation("Insight.batch_search (locations)", "insight", "sdk/insight.py:67 info=locations, limit; commands/ioc.py batch-search")
def ioc_batch_locations(ctx: Context) -> None:
    tenant, sids, _ = _ioc_tenant(ctx)
    answer = _insight(ctx, tenant).batch_search({"domain": ["evil.example.com"], "file_hash": ["aa11", "bb22"]},
                                                info="locations", limit=2)
    has(answer, "from_cache", *WINDOWS, what="batch answer with locations (the prevalence counts are still there)")
    equal(answer["last_365_days"], {"domain": {"evil.example.com": 3}, "file_hash": {"aa11": 1, "bb22": 0}}, "last_365_days")
    has(answer, "locations", what="batch answer with info=locations (a per-indicator list of sensor ids; the key is a guess)")
    locations = answer["locations"]
    equal(locations.get("file_hash"), {"aa11": [sids[2]], "bb22": []}, "sensor ids of each file_hash")
    domain = locations.get("domain", {}).get("evil.example.com")
    check(isinstance(domain, list) and len(domain) == 2 and set(domain) <= set(sids),
          f"sensor ids of evil.example.com capped at limit=2, got {domain!r}")
