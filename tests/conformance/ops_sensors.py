"""Sensors, tags, tasking, isolation, seal and installation keys (sdk/organization.py, sdk/sensor.py,
sdk/installation_keys.py), read as the SDK and its CLI (commands/sensor.py, tag.py, installation_key.py,
endpoint_policy.py, ioc.py, _adapter_types.py) read them."""

import re

from harness import Context, Tenant, check, equal, has, operation, raises

TIME_TEXT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
WINDOWS, LINUX, MACOS, CHROME = 0x10000000, 0x20000000, 0x30000000, 0x60000000


def _sensor(ctx: Context, tenant: Tenant, sid: str):
    from limacharlie.sdk.sensor import Sensor
    return Sensor(ctx.org(tenant), sid)


def _seed(ctx: Context, tenant: Tenant, *specs: dict) -> list[str]:
    return ctx.seed_sensors(tenant, sensors=list(specs))


def _state(ctx: Context, tenant: Tenant, sid: str) -> dict:
    return ctx.emu.get(f"orgs/{tenant.oid}/sensors/{sid}")


def _active_tags(ctx: Context, tenant: Tenant, sid: str) -> dict:
    return {t["tag"]: t for t in _state(ctx, tenant, sid)["tags"] if t["active"]}



def _api_requests(ctx: Context, since: int, method: str, prefix: str) -> list[dict]:
    return [r for r in ctx.emu.requests_since(since) if r["method"] == method and r["path"].startswith(prefix)]


# ---- Organization: listing -----------------------------------------------------------------------------------------

SPECS = [
    {"hostname": "ws-alpha", "plat": "windows", "arch": "x64", "int_ip": "10.1.0.5", "ext_ip": "34.1.2.3",
     "mac_addr": "02:00:00:00:00:05", "online": True, "alive": "2026-03-04T05:06:07Z", "enroll": "2025-01-02T03:04:05Z"},
    {"hostname": "srv-beta", "plat": "linux", "arch": "arm64", "int_ip": "10.1.0.6", "ext_ip": "35.1.2.3",
     "online": False, "alive": "2026-02-01T00:00:01Z", "enroll": "2025-06-07T08:09:10Z"},
    {"hostname": "mac-gamma", "plat": "macos", "arch": "arm64", "int_ip": "10.1.0.7", "ext_ip": "52.1.2.3",
     "online": True, "alive": "2026-03-04T05:06:08Z", "enroll": "2025-07-07T07:07:07Z"},
]
EXPECTED = [  # what each of SPECS must read as in a SensorInfo
    {"hostname": "ws-alpha", "plat": WINDOWS, "arch": 2, "int_ip": "10.1.0.5", "ext_ip": "34.1.2.3",
     "alive": "2026-03-04 05:06:07", "enroll": "2025-01-02 03:04:05", "is_online": True},
    {"hostname": "srv-beta", "plat": LINUX, "arch": 4, "int_ip": "10.1.0.6", "ext_ip": "35.1.2.3",
     "alive": "2026-02-01 00:00:01", "enroll": "2025-06-07 08:09:10", "is_online": False},
    {"hostname": "mac-gamma", "plat": MACOS, "arch": 4, "int_ip": "10.1.0.7", "ext_ip": "52.1.2.3",
     "alive": "2026-03-04 05:06:08", "enroll": "2025-07-07 07:07:07", "is_online": True},
]


def _check_info(info: dict, sid: str, oid: str, expected: dict, what: str) -> None:
    has(info, "sid", "oid", "iid", "did", "hostname", "plat", "arch", "int_ip", "ext_ip", "alive", "enroll",
        "should_isolate", "should_seal", what=what)
    equal(info["sid"], sid, f"{what}.sid")
    equal(info["oid"], oid, f"{what}.oid")
    for field, value in expected.items():
        equal(info.get(field), value, f"{what}.{field}")
        check(type(info.get(field)) is type(value), f"{what}.{field} is a {type(value).__name__}, got {info.get(field)!r}")
    for field in ("alive", "enroll"):
        check(bool(TIME_TEXT.match(info[field])), f"{what}.{field} is 'YYYY-MM-DD HH:MM:SS' text, got {info[field]!r}")


@operation("Organization.list_sensors", "sensors", "sdk/organization.py:768 resp['sensors']; commands/_adapter_types.py:173 sid, hostname, iid, is_online, alive")
def list_sensors(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    listed = {s.get("sid"): s for s in ctx.org(tenant).list_sensors()}
    equal(sorted(listed), sorted(sids), "SIDs listed")
    for sid, expected in zip(sids, EXPECTED):
        _check_info(listed[sid], sid, tenant.oid, expected, "sensors[]")
        has(listed[sid], "is_online", what="sensors[] (read by commands/_adapter_types.py:174)")


@operation("Organization.list_sensors (several pages, limit)", "sensors", "sdk/organization.py:771 continuation_token until empty")
def list_sensors_pages(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = ctx.seed_sensors(tenant, count=25)
    before = ctx.emu.last_seq()
    listed = [s["sid"] for s in ctx.org(tenant).list_sensors(limit=10)]
    equal(len(listed), 25, "sensors over pages of 10")
    equal(sorted(listed), sorted(sids), "every seeded SID exactly once")
    pages = _api_requests(ctx, before, "GET", f"/v1/sensors/{tenant.oid}")
    equal(len(pages), 3, "GET requests for 25 sensors by 10")
    check(all("limit=10" in p["query"] for p in pages), f"each page asked limit=10: {[p['query'] for p in pages]}")
    check(all("continuation_token=" in p["query"] for p in pages[1:]), "pages 2 and 3 carry the continuation_token")


@operation("Organization.list_sensors (selector)", "sensors", "sdk/organization.py:757 selector; commands/sensor.py:135 --tag; commands/_adapter_types.py:171 iid == \"...\"")
def list_sensors_selector(ctx: Context) -> None:
    tenant = ctx.tenant()
    iid = "0b9cf6a1-2f4e-4a53-9d6e-3f0c8f3a1b2c"
    sids = _seed(ctx, tenant,
                 {"hostname": "w1", "plat": "windows", "tags": ["prod"]},
                 {"hostname": "w2", "plat": "windows", "iid": iid},
                 {"hostname": "l1", "plat": "linux", "tags": ["prod"], "iid": iid})
    org = ctx.org(tenant)
    equal(sorted(s["sid"] for s in org.list_sensors(selector="plat == windows")), sorted(sids[:2]), "plat == windows")
    equal(sorted(s["sid"] for s in org.list_sensors(selector="`prod` in tags")), sorted([sids[0], sids[2]]), "`prod` in tags")
    equal(sorted(s["sid"] for s in org.list_sensors(selector=f'iid == "{iid}"')), sorted(sids[1:]), "iid == \"...\"")
    equal(sorted(s["sid"] for s in org.list_sensors(selector="(plat == linux) and `prod` in tags")), [sids[2]],
          "combined selector as the CLI builds it")
    raises(lambda: list(org.list_sensors(selector="plat = windows")), "ApiError")


@operation("Organization.list_sensors (with_ip)", "sensors", "sdk/organization.py:761 with_ip")
def list_sensors_with_ip(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    org = ctx.org(tenant)
    equal([s["sid"] for s in org.list_sensors(with_ip="10.1.0.6")], [sids[1]], "with_ip internal")
    equal([s["sid"] for s in org.list_sensors(with_ip="52.1.2.3")], [sids[2]], "with_ip external")
    equal(list(org.list_sensors(with_ip="192.0.2.1")), [], "with_ip no match")


@operation("Organization.list_sensors (with_hostname_prefix)", "sensors", "sdk/organization.py:763 with_hostname_prefix")
def list_sensors_with_hostname_prefix(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"hostname": "web-01"}, {"hostname": "web-02"}, {"hostname": "db-01"})
    listed = list(ctx.org(tenant).list_sensors(with_hostname_prefix="web-"))
    equal(sorted(s["sid"] for s in listed), sorted(sids[:2]), "with_hostname_prefix web-")
    equal(sorted(s["hostname"] for s in listed), ["web-01", "web-02"], "hostnames")


@operation("Organization.list_sensors (is_online_only)", "sensors", "sdk/organization.py:765 is_online_only=true")
def list_sensors_online_only(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    listed = list(ctx.org(tenant).list_sensors(is_online_only=True))
    equal(sorted(s["sid"] for s in listed), sorted([sids[0], sids[2]]), "online sensors")
    check(all(s.get("is_online") is True for s in listed), "every listed sensor reads is_online true")


@operation("Organization.find_sensors_by_hostname", "sensors", "sdk/organization.py:784 (raw answer); commands/ioc.py:221")
def find_sensors_by_hostname(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"hostname": "web-01"}, {"hostname": "web-02"}, {"hostname": "db-01"})
    answer = ctx.org(tenant).find_sensors_by_hostname("web-")
    has(answer, "sid", what="hostnames answer")
    check(isinstance(answer["sid"], list), f"'sid' is a list of {{sid, hostname}}, got {answer['sid']!r}")
    for item in answer["sid"]:
        has(item, "sid", "hostname", what="sid[]")
    equal(sorted((i["sid"], i["hostname"]) for i in answer["sid"]), sorted(zip(sids[:2], ["web-01", "web-02"])), "matches")
    equal(ctx.org(tenant).find_sensors_by_hostname("nothing-")["sid"], [], "no match")


@operation("Organization.get_online_sensors", "sensors", "sdk/organization.py:734 [k for k, v in resp.items() if v]")
def get_online_sensors(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    org = ctx.org(tenant)
    equal(sorted(org.get_online_sensors(sids)), sorted([sids[0], sids[2]]), "online among the SIDs asked")
    equal(org.get_online_sensors([sids[1]]), [], "an offline sensor")
    equal(sorted(org.get_online_sensors()), sorted([sids[0], sids[2]]), "online, none asked (all)")


# ---- Organization: tags --------------------------------------------------------------------------------------------

@operation("Organization.get_all_tags", "sensors", "sdk/organization.py:659 resp['tags']")
def get_all_tags(ctx: Context) -> None:
    tenant = ctx.tenant()
    _seed(ctx, tenant, {"tags": ["prod", "web"]}, {"tags": ["prod", "db"]}, {})
    tags = ctx.org(tenant).get_all_tags()
    check(isinstance(tags, list), f"a list of tags, got {tags!r}")
    equal(sorted(tags), ["db", "prod", "web"], "distinct tags in use")
    equal(ctx.org(ctx.tenant()).get_all_tags(), [], "no tags")


@operation("Organization.find_sensors_by_tag", "sensors", "sdk/organization.py:670 (raw answer keyed by SID); commands/tag.py find")
def find_sensors_by_tag(ctx: Context) -> None:
    tenant = ctx.tenant()
    tag = "team a/b"
    sids = _seed(ctx, tenant, {"tags": [tag, "x"]}, {"tags": [tag]}, {"tags": ["x"]})
    answer = ctx.org(tenant).find_sensors_by_tag(tag)
    check(isinstance(answer, dict), f"an object keyed by SID, got {answer!r}")
    equal(sorted(answer), sorted(sids[:2]), "SIDs carrying the tag (percent-encoded '/' and space)")
    for sid, value in answer.items():
        check(isinstance(value, list) and all(isinstance(v, str) for v in value) and tag in value,
              f"answer[{sid}] is a list of strings naming the tag, got {value!r}")
    equal(ctx.org(tenant).find_sensors_by_tag("absent"), {}, "no sensor with the tag")


@operation("Organization.mass_tag", "sensors", "sdk/organization.py:672 list_sensors(selector) then Sensor.add_tag each")
def mass_tag(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"plat": "windows"}, {"plat": "windows"}, {"plat": "linux"})
    result = ctx.org(tenant).mass_tag("plat == windows", "win-fleet", ttl=3600)
    equal(result, {"tagged": 2, "tag": "win-fleet", "selector": "plat == windows"}, "mass_tag summary")
    for sid in sids[:2]:
        tag = _active_tags(ctx, tenant, sid).get("win-fleet")
        check(tag is not None, f"{sid} carries win-fleet")
        check(tag["expires"] is not None, f"the ttl made win-fleet expire on {sid}")
    equal(_active_tags(ctx, tenant, sids[2]), {}, "the linux sensor is untouched")


@operation("Organization.mass_untag", "sensors", "sdk/organization.py:696 list_sensors(selector) then Sensor.remove_tag each")
def mass_untag(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"plat": "windows", "tags": ["old", "keep"]}, {"plat": "linux", "tags": ["old"]})
    result = ctx.org(tenant).mass_untag("`old` in tags and plat == windows", "old")
    equal(result["untagged"], 1, "untagged count")
    equal(sorted(_active_tags(ctx, tenant, sids[0])), ["keep"], "tags left on the windows sensor")
    equal(sorted(_active_tags(ctx, tenant, sids[1])), ["old"], "the linux sensor keeps its tag")


@operation("Organization.set_sensor_version", "sensors", "sdk/organization.py:814 query specific_version / is_fallback / is_sleep / none (commands/sensor.py:286 upgrade)")
def set_sensor_version(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)

    def version() -> str:
        return org.get_info().get("sensor_version")

    org.set_sensor_version("4.33.7")
    equal(version(), "4.33.7", "sensor_version after a specific version")
    org.set_sensor_version()  # `sensor upgrade`: re-applies the current setting
    equal(version(), "4.33.7", "sensor_version after an upgrade with no parameter")
    org.set_sensor_version(is_fallback=True)
    check(version() not in (None, "", "4.33.7"), f"the fallback (stable) version is set, got {version()!r}")
    org.set_sensor_version(is_sleep=True)
    equal(version(), "dormant", "sensor_version when sleeping")
    before = ctx.emu.last_seq()
    org.set_sensor_version("latest")
    sent = _api_requests(ctx, before, "POST", f"/v1/modules/{tenant.oid}")
    equal(len(sent), 1, "one POST modules")
    check("specific_version=latest" in sent[0]["query"], f"the version travels in the query, got {sent[0]!r}")


# ---- Sensor --------------------------------------------------------------------------------------------------------

@operation("Sensor.get_info", "sensors", "sdk/sensor.py:50 data.get('info', data); sensor.py:114 hostname")
def sensor_get_info(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    for sid, expected in zip(sids, EXPECTED):
        sensor = _sensor(ctx, tenant, sid)
        _check_info(sensor.get_info(), sid, tenant.oid, {k: v for k, v in expected.items() if k != "is_online"}, "info")
        equal(sensor.hostname, expected["hostname"], "Sensor.hostname")


@operation("Sensor.get_info (unknown sensor)", "sensors", "errors.py:236 404 -> NotFoundError")
def sensor_unknown(ctx: Context) -> None:
    tenant = ctx.tenant()
    sensor = _sensor(ctx, tenant, "11111111-2222-4333-8444-555555555555")
    raises(sensor.get_info, "NotFoundError")
    raises(sensor.is_online, "NotFoundError")
    raises(sensor.get_tags, "NotFoundError")
    other = ctx.tenant()
    foreign = _seed(ctx, other, {})[0]
    raises(_sensor(ctx, tenant, foreign).get_info, "NotFoundError")


@operation("Sensor.is_online", "sensors", "sdk/sensor.py:57 online non-empty and no 'error'")
def sensor_is_online(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, *SPECS)
    equal(_sensor(ctx, tenant, sids[0]).is_online(), True, "online sensor")
    equal(_sensor(ctx, tenant, sids[1]).is_online(), False, "offline sensor")
    ctx.emu.post(f"orgs/{tenant.oid}/sensors/{sids[0]}", {"online": False})
    equal(_sensor(ctx, tenant, sids[0]).is_online(), False, "sensor gone offline")
    equal(_sensor(ctx, tenant, sids[0]).wait_online(0), False, "wait_online(0) on an offline sensor")


@operation("Sensor.isolate / rejoin / is_isolated", "sensors", "sdk/sensor.py:190 info['should_isolate']; commands/endpoint_policy.py:136")
def sensor_isolation(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    equal(sensor.is_isolated(), False, "is_isolated before")
    sensor.isolate()
    equal(sensor.is_isolated(), True, "is_isolated after isolate (read fresh, not cached)")
    equal(_state(ctx, tenant, sid)["shouldIsolate"], True, "emulator should_isolate")
    sensor.rejoin()
    equal(sensor.is_isolated(), False, "is_isolated after rejoin")


@operation("Sensor.seal / unseal / is_sealed", "sensors", "sdk/sensor.py:215 info['should_seal']")
def sensor_seal(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    equal(sensor.is_sealed(), False, "is_sealed before")
    sensor.seal()
    equal(sensor.is_sealed(), True, "is_sealed after seal")
    sensor.unseal()
    equal(sensor.is_sealed(), False, "is_sealed after unseal")


@operation("Sensor.isolate (no sensor.task permission)", "sensors", "client.py:802 error_from_status_code (401 -> AuthenticationError, 403 -> PermissionDeniedError)")
def sensor_isolate_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["sensor.list", "sensor.get"])
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    equal(sensor.is_isolated(), False, "a viewer reads the sensor")
    raises(sensor.isolate, "AuthenticationError", "PermissionDeniedError")
    raises(lambda: sensor.add_tag("x"), "AuthenticationError", "PermissionDeniedError")
    equal(_state(ctx, tenant, sid)["shouldIsolate"], False, "nothing changed")


@operation("Sensor platform helpers", "sensors", "sdk/sensor.py:82 plat & 0xF0000000, arch & 0xF")
def sensor_platform(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"plat": "windows"}, {"plat": "linux"}, {"plat": "macos"}, {"plat": "chrome", "arch": "chromium"})
    expected = [(True, False, False, False), (False, True, False, False), (False, False, True, False),
                (False, False, False, True)]
    for sid, flags in zip(sids, expected):
        sensor = _sensor(ctx, tenant, sid)
        equal((sensor.is_windows, sensor.is_linux, sensor.is_macos, sensor.is_chrome), flags,
              f"(is_windows, is_linux, is_macos, is_chrome) of plat {sensor.get_info().get('plat')!r}")


@operation("Sensor.task", "sensors", "sdk/sensor.py:133 POST {sid} tasks (repeated), investigation_id")
def sensor_task(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    answer = sensor.task("os_version")
    check(isinstance(answer, dict), f"the answer is an object, got {answer!r}")
    sensor.task(["dir_list c:\\ *, recursive", "os_processes"], inv_id="inv-42")
    tasks = ctx.emu.get(f"orgs/{tenant.oid}/tasks")
    equal([(t["sid"], t["command"], t.get("investigationId")) for t in tasks],
          [(sid, "os_version", None), (sid, "dir_list c:\\ *, recursive", "inv-42"), (sid, "os_processes", "inv-42")],
          "recorded tasks (commas inside a command kept)")


@operation("Sensor.get_tags", "sensors", "sdk/sensor.py:149 tags[sid] keys")
def sensor_get_tags(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {"tags": ["b-tag", "a tag", "x/y"]}, {})
    equal(sorted(_sensor(ctx, tenant, sids[0]).get_tags()), ["a tag", "b-tag", "x/y"], "tags")
    equal(_sensor(ctx, tenant, sids[1]).get_tags(), [], "no tags")


@operation("Sensor.add_tag (ttl)", "sensors", "sdk/sensor.py:166 form tags, ttl seconds")
def sensor_add_tag_ttl(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    sensor.add_tag("investigating", ttl=120)
    sensor.add_tag("permanent")
    equal(sorted(sensor.get_tags()), ["investigating", "permanent"], "tags after add_tag")
    tags = _active_tags(ctx, tenant, sid)
    check(tags["investigating"]["expires"] is not None, "the ttl tag expires")
    check(tags["permanent"]["expires"] is None, "the tag without ttl is permanent")
    by = tags["permanent"]["by"]
    check(bool(by) and by != "emulator", f"the tag's author is the caller, got {by!r}")


@operation("Sensor.add_tag (several)", "sensors", "sdk/sensor.py:166 tags as a list (repeated form field)")
def sensor_add_tags(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {})[0]
    sensor = _sensor(ctx, tenant, sid)
    sensor.add_tag(["one", "two"])
    equal(sorted(sensor.get_tags()), ["one", "two"], "tags after add_tag of a list")


@operation("Sensor.remove_tag (one)", "sensors", "sdk/sensor.py:178 form tag=<t>")
def sensor_remove_tag(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {"tags": ["a", "b", "c"]})[0]
    sensor = _sensor(ctx, tenant, sid)
    sensor.remove_tag("b")
    equal(sorted(sensor.get_tags()), ["a", "c"], "tags after removing one")
    sensor.remove_tag("absent")
    equal(sorted(sensor.get_tags()), ["a", "c"], "removing an absent tag succeeds and changes nothing")


@operation("Sensor.remove_tag (several)", "sensors", "sdk/sensor.py:180 form tags=<a,b> comma-joined")
def sensor_remove_tags(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = _seed(ctx, tenant, {"tags": ["a", "b", "c"]})[0]
    sensor = _sensor(ctx, tenant, sid)
    sensor.remove_tag(["a", "c"])
    equal(sensor.get_tags(), ["b"], "tags after removing two")


@operation("Sensor.delete", "sensors", "sdk/sensor.py:233 DELETE {sid}")
def sensor_delete(ctx: Context) -> None:
    tenant = ctx.tenant()
    sids = _seed(ctx, tenant, {}, {})
    sensor = _sensor(ctx, tenant, sids[0])
    answer = sensor.delete()
    check(isinstance(answer, dict), f"the answer is an object, got {answer!r}")
    equal([s["sid"] for s in ctx.org(tenant).list_sensors()], [sids[1]], "sensors left")
    raises(_sensor(ctx, tenant, sids[0]).get_info, "NotFoundError")
    raises(sensor.delete, "NotFoundError")


# ---- Installation keys ---------------------------------------------------------------------------------------------

def _check_key(key: dict, iid: str, desc: str, tags: list[str], what: str) -> None:
    has(key, "iid", "desc", "key", "json_key", "tags", "created", "use_public_root_ca", what=what)
    equal(key["iid"], iid, f"{what}.iid")
    equal(key["desc"], desc, f"{what}.desc")
    check(isinstance(key["key"], str) and len(key["key"]) > 20, f"{what}.key is the install secret, got {key['key']!r}")
    check(isinstance(key["json_key"], str) and key["json_key"], f"{what}.json_key is text, got {key['json_key']!r}")
    equal(key["tags"], ",".join(tags), f"{what}.tags (comma-joined text)")
    check(isinstance(key["created"], (int, str)) and not isinstance(key["created"], bool),
          f"{what}.created is an epoch or a time text, got {key['created']!r}")


@operation("Organization.create_installation_key", "sensors", "sdk/organization.py:565 form desc, tags comma-joined, use_public_root_ca; commands/installation_key.py:179 data['iid']")
def create_installation_key(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    answer = org.create_installation_key("prod linux", tags=["env:prod", "os:linux"], use_public_ca=True)
    has(answer, "iid", what="create answer")
    stored = {k["iid"]: k for k in ctx.emu.get(f"orgs/{tenant.oid}/installationkeys")}
    check(answer["iid"] in stored, f"the iid answered ({answer['iid']}) names the stored key")
    key = stored[answer["iid"]]
    equal((key["description"], key["tags"], key["usePublicRootCa"]), ("prod linux", ["env:prod", "os:linux"], True),
          "stored description, tags (split from the comma-joined field), use_public_root_ca")
    plain = org.create_installation_key("no tags")
    equal(ctx.emu.get(f"orgs/{tenant.oid}/installationkeys")[-1]["iid"], plain["iid"], "a second key")


@operation("Organization.get_installation_keys", "sensors", "sdk/organization.py:538 resp.get(oid, resp) -> {iid: key}")
def get_installation_keys(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    first = org.create_installation_key("first", tags=["a", "b"])["iid"]
    second = org.create_installation_key("second")["iid"]
    keys = org.get_installation_keys()
    check(isinstance(keys, dict), f"keys by iid, got {keys!r}")
    equal(sorted(keys), sorted([first, second]), "iids")
    _check_key(keys[first], first, "first", ["a", "b"], "keys[first]")
    _check_key(keys[second], second, "second", [], "keys[second]")
    check(isinstance(keys[first]["created"], int) and isinstance(keys[second]["created"], str),
          "created comes both as an epoch integer and as text, as the API sends it")
    equal(ctx.org(ctx.tenant()).get_installation_keys(), {}, "no keys")


@operation("Organization.get_installation_key", "sensors", "sdk/organization.py:549 the key object")
def get_installation_key(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    iid = org.create_installation_key("one", tags=["t1"])["iid"]
    _check_key(org.get_installation_key(iid), iid, "one", ["t1"], "key")
    raises(lambda: org.get_installation_key("99999999-8888-4777-8666-555555555555"), "NotFoundError")


@operation("Organization.delete_installation_key", "sensors", "sdk/organization.py:576 DELETE form iid")
def delete_installation_key(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    keep = org.create_installation_key("keep")["iid"]
    gone = org.create_installation_key("gone")["iid"]
    org.delete_installation_key(gone)
    equal(sorted(org.get_installation_keys()), [keep], "keys left")
    raises(lambda: org.delete_installation_key(gone), "NotFoundError")


@operation("InstallationKeys list/get/create/delete", "sensors", "sdk/installation_keys.py:17-56 (delegates to Organization)")
def installation_keys_wrapper(ctx: Context) -> None:
    from limacharlie.sdk.installation_keys import InstallationKeys
    tenant = ctx.tenant()
    keys = InstallationKeys(ctx.org(tenant))
    iid = keys.create("wrapped", tags="x,y")["iid"]
    equal(sorted(keys.list()), [iid], "list")
    _check_key(keys.get(iid), iid, "wrapped", ["x", "y"], "get")
    keys.delete(iid)
    equal(keys.list(), {}, "list after delete")


@operation("Organization.get_installation_keys (no ikey.list permission)", "sensors", "client.py:802 401 -> AuthenticationError / 403 -> PermissionDeniedError")
def installation_keys_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["sensor.list"])
    raises(ctx.org(tenant).get_installation_keys, "AuthenticationError", "PermissionDeniedError")
    raises(lambda: ctx.org(tenant).create_installation_key("x"), "AuthenticationError", "PermissionDeniedError")

