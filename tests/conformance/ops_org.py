"""The org area: org info and lifecycle, org values, usage, errors, schemas, identity, users, API keys, ingestion keys,
groups and outputs (sdk/organization.py and its wrappers users.py, api_keys.py, ingestion_keys.py, groups.py,
outputs.py), read as the SDK and commands/org.py, auth.py, api_key.py read them."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from harness import Context, Tenant, check, equal, has, now, operation, raises

SDK_ORG = "sdk/organization.py"



def _user(ctx: Context, email: str | None = None) -> dict[str, Any]:
    return ctx.emu.post("users", {"email": email or f"u-{uuid.uuid4().hex[:10]}@example.test"})


def _member(ctx: Context, tenant: Tenant, perms: list[str] | None = None) -> dict[str, Any]:
    user = _user(ctx)
    grant: dict[str, Any] = {"oid": tenant.oid}
    if perms is not None:
        grant["perms"] = perms
    ctx.emu.post(f"users/{user['uid']}/orgs", grant)
    return user


def _mint_oids(ctx: Context, since: int) -> list[str]:
    """The oid each JWT request since `since` asked for."""
    return [(r.get("form") or {}).get("oid", [None])[0] for r in ctx.emu.requests_since(since) if r["path"] == "/"]


def _emu_org(ctx: Context, oid: str) -> dict[str, Any] | None:
    return next((o for o in ctx.emu.get("orgs") if o["oid"] == oid), None)


# ---- Org info and lifecycle ---------------------------------------------------------------------------------------

@operation("Organization.get_info", "org", f"{SDK_ORG}:47; {SDK_ORG}:234 name; commands/org.py:70")
def get_info(ctx: Context) -> None:
    tenant = ctx.tenant(sensorQuota=25)
    org = ctx.org(tenant)
    org.add_output("siem", "syslog", "event", dest_host="10.0.0.1:514")
    org.create_installation_key("servers")
    ctx.seed_hive(tenant, "dr-general", "rule-1", data={"detect": {"op": "exists", "path": "event"}, "respond": []})
    info = org.get_info()
    has(info, "oid", "name", "sensor_version", "sensor_quota", "latest_versions", "n_outputs", "n_installation_keys",
        "n_rules", what="org info")
    equal(info["oid"], tenant.oid, "oid")
    equal(info["name"], tenant.name, "name")
    check(type(info["sensor_quota"]) is int, f"sensor_quota is an integer, got {info['sensor_quota']!r}")
    equal(info["sensor_quota"], 25, "sensor_quota")
    check(isinstance(info["sensor_version"], str) and info["sensor_version"].count(".") == 2,
          f"sensor_version is an N.N.N string, got {info['sensor_version']!r}")
    check(isinstance(info["latest_versions"], dict), f"latest_versions is an object, got {info['latest_versions']!r}")
    equal((info["n_outputs"], info["n_installation_keys"], info["n_rules"]), (1, 1, 1), "n_outputs, n_installation_keys, n_rules")


@operation("Organization.get_info (org the user cannot access)", "org", f"{SDK_ORG}:47; client.py _call_jwt_endpoint → AuthenticationError")
def get_info_no_access(ctx: Context) -> None:
    from limacharlie.sdk.organization import Organization
    tenant = ctx.tenant()
    stranger = ctx.tenant()
    client = ctx.client(tenant, user=True, oid=stranger.oid)
    raises(lambda: Organization(client).get_info(), "AuthenticationError", what="get_info of an org the user has no grant on")


@operation("Organization.get_urls", "org", f"{SDK_ORG}:55 data['url'] (no auth); sdk/search.py:104 urls['search']")
def get_urls(ctx: Context) -> None:
    tenant = ctx.tenant()
    before = ctx.emu.last_seq()
    urls = ctx.org(tenant).get_urls()
    has(urls, "lc", "lc_wss", "edr", "logs", "artifacts", "replay", "live", "hooks", "search", "cases", "ai",
        "region_code", "private_endpoints", what="url map")
    emulated = ctx.emu.get("urls")
    equal(urls["search"].rstrip("/"), emulated["search"].rstrip("/"), "url.search (the org's search host)")
    host = emulated["api"].split("://", 1)[1].rstrip("/")
    equal(urls["lc"], host, "url.lc (a bare host, no scheme)")
    check(isinstance(urls["private_endpoints"], dict), f"private_endpoints is an object, got {urls['private_endpoints']!r}")
    calls = [r for r in ctx.emu.requests_since(before) if r["path"] == f"/v1/orgs/{tenant.oid}/url"]
    equal(len(calls), 1, "GET /v1/orgs/{oid}/url calls")
    equal(calls[0]["hasAuth"], False, "the url map is asked without Authorization")


@operation("Organization.set_quota", "org", f"{SDK_ORG}:178; read back by get_info sensor_quota")
def set_quota(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    answer = org.set_quota(42)
    equal(answer.get("success"), True, "set_quota success")
    equal(org.get_info()["sensor_quota"], 42, "sensor_quota after set_quota")
    equal(_emu_org(ctx, tenant.oid)["sensor_quota"], 42, "the emulator's stored quota")


@operation("Organization.set_quota (missing permission)", "org", f"{SDK_ORG}:178; errors.py 401 → AuthenticationError")
def set_quota_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get"])
    before = _emu_org(ctx, tenant.oid)["sensor_quota"]
    raises(lambda: ctx.org(tenant).set_quota(before + 3), "AuthenticationError", what="set_quota without org.set_quota")
    equal(_emu_org(ctx, tenant.oid)["sensor_quota"], before, "quota unchanged")


@operation("Organization.rename", "org", f"{SDK_ORG}:203 (query name, description)")
def rename(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    new_name = f"{tenant.name}-renamed"
    equal(org.rename(new_name).get("success"), True, "rename success")
    info = org.get_info()
    equal(info["name"], new_name, "name after rename")
    org.rename(new_name, description="described by rename")
    equal(org.get_info()["description"], "described by rename", "description set through rename")
    other = ctx.tenant()
    raises(lambda: ctx.org(other).rename(new_name), "ApiError", what="rename to a name in use (409)")


@operation("Organization.set_description", "org", f"{SDK_ORG}:220 (get_info name, then rename)")
def set_description(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.set_description("the SOC's lab org")
    info = org.get_info()
    equal(info["name"], tenant.name, "name kept")
    equal(info["description"], "the SOC's lab org", "description")


@operation("Organization.create_org", "org", f"{SDK_ORG}:359; commands/org.py:311 data.data.oid")
def create_org(ctx: Context) -> None:
    from limacharlie.sdk.organization import Organization
    tenant = ctx.tenant()
    client = ctx.client(tenant, user=True, oid="-")
    name = f"conf-new-{uuid.uuid4().hex[:8]}"
    before = ctx.emu.last_seq()
    answer = Organization.create_org(client, name, "usa")
    equal(_mint_oids(ctx, before), ["-"], "create_org's JWT (oid=-, as commands/org.py:302 builds the client)")
    has(answer, "data", what="create_org answer")
    inner = answer["data"]
    check(isinstance(inner, dict) and "oid" in inner, f"data carries the oid, got {inner!r}")
    created = _emu_org(ctx, inner["oid"])
    check(created is not None, f"the org {inner['oid']} exists")
    equal(created["name"], name, "the created org's name")
    equal(created["location"], "usa", "the created org's location")
    listed = ctx.org(tenant, user=True).list_accessible_orgs()
    check(inner["oid"] in listed["orgs"], "the creator can access the new org")
    raises(lambda: Organization.create_org(client, f"{name}-x", "atlantis"), "ApiError", what="create_org in an unknown location (400)")


@operation("Organization.check_name", "org", f"{SDK_ORG}:379 (shape a guess: is_available)")
def check_name(ctx: Context) -> None:
    from limacharlie.sdk.organization import Organization
    tenant = ctx.tenant()
    client = ctx.client(tenant, user=True, oid="-")
    taken = Organization.check_name(client, tenant.name)
    has(taken, "is_available", what="check_name answer")
    equal(taken["is_available"], False, "a name in use")
    equal(Organization.check_name(client, f"free-{uuid.uuid4().hex}")["is_available"], True, "a free name")


@operation("Organization.delete_org (two steps)", "org", f"{SDK_ORG}:391 confirmation, then success; commands/org.py:348")
def delete_org(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant, user=True)
    first = org.delete_org()
    has(first, "confirmation", what="step 1")
    check(isinstance(first["confirmation"], str) and first["confirmation"],
          f"the confirmation is a non-empty string, got {first['confirmation']!r}")
    raises(lambda: org.delete_org("not-the-token"), "PermissionDeniedError", what="delete_org with a wrong token (403)")
    check(_emu_org(ctx, tenant.oid) is not None, "a refused confirmation deletes nothing")
    token = org.delete_org()["confirmation"]
    equal(org.delete_org(token).get("success"), True, "step 2 success")
    check(_emu_org(ctx, tenant.oid) is None, "the org is gone")
    check(tenant.oid not in ctx.org(ctx.tenant(), user=True).list_accessible_orgs()["orgs"], "gone from the org list")
    raises(lambda: org.get_info(), "NotFoundError", what="get_info of the deleted org (404)")


@operation("Organization.delete_org (expired confirmation)", "org", f"{SDK_ORG}:391; 400 → ApiError")
def delete_org_expired(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant, user=True)
    lifetime = ctx.emu.get("settings")["deleteConfirmationSeconds"]
    ctx.emu.post("settings", {"deleteConfirmationSeconds": 0})
    try:
        token = org.delete_org()["confirmation"]
        raised = raises(lambda: org.delete_org(token), "ApiError", what="delete_org with an expired token")
        equal(raised.status_code, 400, "status of an expired confirmation")
    finally:
        ctx.emu.post("settings", {"deleteConfirmationSeconds": lifetime})
    check(_emu_org(ctx, tenant.oid) is not None, "an expired confirmation deletes nothing")


@operation("Organization.get_config / set_config", "org", f"{SDK_ORG}:64 data['value']; {SDK_ORG}:76")
def org_config(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    equal(org.set_config("vt", "vt-api-key-123").get("success"), True, "set_config success")
    equal(org.get_config("vt"), "vt-api-key-123", "get_config value")
    equal(ctx.emu.get(f"orgs/{tenant.oid}/configs").get("vt"), "vt-api-key-123", "the emulator's stored value")
    org.set_config("otx", "")
    equal(org.get_config("otx"), "", "an empty value is a value")
    raises(lambda: org.get_config("shodan"), "NotFoundError", what="get_config of a value never set (404)")


@operation("Organization.get_stats", "org", f"{SDK_ORG}:88 (usage/{{oid}}); commands/org.py:222")
def get_stats(ctx: Context) -> None:
    tenant = ctx.tenant()
    ctx.emu.post(f"orgs/{tenant.oid}/usage", {"history": {
        "2024-05-01": {"sensor_events": 1500, "output_bytes_tx": 1024, "peak_sensors": 11},
        "2024-05-02": {"sensor_events": 2000, "output_bytes_tx": 4096, "peak_sensors": 12},
    }})
    stats = ctx.org(tenant).get_stats()
    has(stats, "usage", "from_cache", what="stats")
    equal(stats["from_cache"], False, "from_cache")
    equal(sorted(stats["usage"]), ["2024-05-01", "2024-05-02"], "days (YYYY-MM-DD keys)")
    equal(stats["usage"]["2024-05-02"], {"sensor_events": 2000, "output_bytes_tx": 4096, "peak_sensors": 12}, "one day's metrics")


@operation("Organization.get_quota_usage", "org", f"{SDK_ORG}:189 docstring {{usage, quota, breakdown: {{cat: {{n, quota (float)}}}}}}; commands/org.py:422 raw count and weighted contribution")
def get_quota_usage(ctx: Context) -> None:
    tenant = ctx.tenant(sensorQuota=100)
    ctx.emu.post(f"orgs/{tenant.oid}/usage", {"breakdown": {
        "sensors": {"count": 12, "weight": 1},
        "usp-adapters": {"count": 3, "weight": 0.5},
    }})
    usage = ctx.org(tenant).get_quota_usage()
    has(usage, "usage", "quota", "breakdown", what="quota usage")
    check(type(usage["usage"]) is int, f"usage is an integer, got {usage['usage']!r}")
    equal(usage["usage"], 14, "usage (12·1 + 3·0.5, rounded)")
    check(type(usage["quota"]) is int, f"quota is an integer, got {usage['quota']!r}")
    equal(usage["quota"], 100, "quota")
    equal(sorted(usage["breakdown"]), ["sensors", "usp-adapters"], "breakdown categories")
    adapters = usage["breakdown"]["usp-adapters"]
    has(adapters, "n", "quota", what="breakdown category")
    check(type(adapters["n"]) is int, f"breakdown n is an integer, got {adapters['n']!r}")
    equal(adapters["n"], 3, "breakdown n (raw count)")
    check(isinstance(adapters["quota"], float), f"breakdown quota is a float, got {adapters['quota']!r}")
    equal(adapters["quota"], 1.5, "breakdown quota (weighted contribution)")
    equal(usage["breakdown"]["sensors"], {"n": 12, "quota": 12.0}, "the sensors category")


@operation("Organization.get_quota_usage (unseeded)", "org", f"{SDK_ORG}:189; the org's sensors counted at weight 1")
def get_quota_usage_sensors(ctx: Context) -> None:
    tenant = ctx.tenant(sensorQuota=10)
    ctx.seed_sensors(tenant, count=4)
    usage = ctx.org(tenant).get_quota_usage()
    equal(usage["usage"], 4, "usage")
    equal(usage["breakdown"], {"sensors": {"n": 4, "quota": 4.0}}, "breakdown")


@operation("Organization.get_quota_usage (missing permission)", "org", f"{SDK_ORG}:189; sensor.list; 401 → AuthenticationError")
def get_quota_usage_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get"])
    raises(lambda: ctx.org(tenant).get_quota_usage(), "AuthenticationError", what="get_quota_usage without sensor.list")


@operation("Organization.get_errors", "org", f"{SDK_ORG}:96 resp['errors']; commands/org.py:179")
def get_errors(ctx: Context) -> None:
    tenant = ctx.tenant()
    ts = now() * 1000
    ctx.emu.post(f"orgs/{tenant.oid}/errors", {"errors": [
        {"component": "outputs/siem", "error": "connection refused", "ts": ts, "extra": {"attempts": 3}},
        {"component": "ext-cases", "error": "quota reached", "ts": ts + 1000},
    ]})
    errors = ctx.org(tenant).get_errors()
    check(isinstance(errors, list), f"errors is a list, got {type(errors).__name__}: {errors!r}")
    equal(len(errors), 2, "errors")
    first = errors[0]
    has(first, "component", "error", "ts", "oid", "extra", what="error")
    equal(first["component"], "outputs/siem", "component")
    equal(first["error"], "connection refused", "error")
    check(type(first["ts"]) is int, f"ts is an integer (ms), got {first['ts']!r}")
    equal(first["ts"], ts, "ts (ms)")
    equal(first["oid"], tenant.oid, "oid")
    equal(first["extra"], {"attempts": 3}, "extra")


@operation("Organization.dismiss_error", "org", f"{SDK_ORG}:105 (component percent-encoded)")
def dismiss_error(ctx: Context) -> None:
    tenant = ctx.tenant()
    ctx.emu.post(f"orgs/{tenant.oid}/errors", {"errors": [
        {"component": "outputs/siem", "error": "connection refused"},
        {"component": "ext-cases", "error": "quota reached"},
    ]})
    org = ctx.org(tenant)
    equal(org.dismiss_error("outputs/siem").get("success"), True, "dismiss_error success")
    equal([e["component"] for e in org.get_errors()], ["ext-cases"], "errors left")
    raises(lambda: org.dismiss_error("outputs/siem"), "NotFoundError", what="dismissing a component without errors (404)")


@operation("Organization.get_schemas", "org", f"{SDK_ORG}:124 event_types; commands/event.py:305")
def get_schemas(ctx: Context) -> None:
    org = ctx.org(ctx.tenant())
    every = org.get_schemas()
    has(every, "event_types", what="schemas")
    types = every["event_types"]
    check(all(isinstance(t, str) and t.startswith("evt:") for t in types), f"evt:-prefixed names, got {types!r}")
    check("evt:NEW_PROCESS" in types and "evt:WEL" in types, f"the built-in types, got {types!r}")
    linux = org.get_schemas(platform="linux")["event_types"]
    check("evt:NEW_PROCESS" in linux and "evt:WEL" not in linux, f"linux types lack WEL, got {linux!r}")


@operation("Organization.get_schema", "org", f"{SDK_ORG}:138 schema.event_type, schema.elements; commands/schema.py:104 bare name")
def get_schema(ctx: Context) -> None:
    org = ctx.org(ctx.tenant())
    for name in ("NEW_PROCESS", "evt:NEW_PROCESS"):
        answer = org.get_schema(name)
        has(answer, "schema", what=f"schema of {name}")
        schema = answer["schema"]
        has(schema, "event_type", "elements", what="schema")
        equal(schema["event_type"], "evt:NEW_PROCESS", f"event_type asked as {name}")
        check(all(isinstance(e, str) and ":" in e for e in schema["elements"]),
              f"elements are 'type:path' strings, got {schema['elements'][:5]!r}")
        check("string:routing/hostname" in schema["elements"], "the routing elements are listed")
    raises(lambda: org.get_schema("NO_SUCH_EVENT"), "NotFoundError", what="an unknown schema (404)")


# ---- Identity -----------------------------------------------------------------------------------------------------

@operation("Organization.who_am_i (org key)", "org", f"{SDK_ORG}:256; {SDK_ORG}:282 orgs, perms; commands/auth.py:327")
def who_am_i_org(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get", "sensor.list"])
    who = ctx.org(tenant).who_am_i()
    has(who, "ident", "orgs", "perms", what="who (org key)")
    equal(who["orgs"], [tenant.oid], "orgs")
    equal(sorted(who["perms"]), ["org.get", "sensor.list"], "perms")
    check("user_perms" not in who, "an org token has no user_perms")


@operation("Organization.who_am_i (user key)", "org", f"{SDK_ORG}:279 user_perms[oid]; commands/auth.py:330")
def who_am_i_user(ctx: Context) -> None:
    tenant = ctx.tenant()
    who = ctx.org(tenant, user=True).who_am_i()
    has(who, "ident", "user_perms", what="who (user key)")
    equal(who["ident"], tenant.email, "ident")
    check(isinstance(who["user_perms"], dict) and tenant.oid in who["user_perms"],
          f"user_perms is keyed by oid, got {who['user_perms']!r}")
    check("org.get" in who["user_perms"][tenant.oid] and "apikey.ctrl" in who["user_perms"][tenant.oid],
          "an owner's permissions")


@operation("Organization.test_auth", "org", f"{SDK_ORG}:264 (refresh_jwt, then who perms / user_perms)")
def test_auth(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get", "sensor.list"])
    org = ctx.org(tenant)
    equal(org.test_auth(), True, "a valid org key")
    equal(org.test_auth(["sensor.list"]), True, "a held permission")
    equal(org.test_auth(["sensor.list", "sensor.task"]), False, "a missing permission")
    viewer = _member(ctx, tenant, perms=["org.get", "dr.list"])
    key = ctx.emu.post("keys", {"kind": "user", "uid": viewer["uid"]})
    from limacharlie.client import Client
    from limacharlie.sdk.organization import Organization
    user_org = Organization(Client(oid=tenant.oid, uid=viewer["uid"], api_key=key["secret"]))
    equal(user_org.test_auth(["dr.list"]), True, "a user's held permission")
    equal(user_org.test_auth(["dr.set"]), False, "a user's missing permission")
    bad = Organization(Client(oid=tenant.oid, api_key=str(uuid.uuid4())))
    equal(bad.test_auth(), False, "an unknown key")


@operation("Organization.list_accessible_orgs (all pages)", "org", f"{SDK_ORG}:294 orgs[].oid/name, total; oid=- JWT")
def list_accessible_orgs(ctx: Context) -> None:
    tenant = ctx.tenant()
    oids = {tenant.oid: tenant.name}
    for i in range(54):
        created = ctx.emu.post("orgs", {"name": f"{tenant.name}-{i:02d}"})
        ctx.emu.post(f"users/{tenant.uid}/orgs", {"oid": created["oid"]})
        oids[created["oid"]] = created["name"]
    before = ctx.emu.last_seq()
    listed = ctx.org(tenant, user=True).list_accessible_orgs()
    equal(sorted(listed["orgs"]), sorted(oids), "every accessible org over two pages of 50")
    equal(len(listed["orgs"]), len(set(listed["orgs"])), "no org listed twice")
    equal(listed["names"], oids, "names by oid")
    pages = [r for r in ctx.emu.requests_since(before) if r["path"] == "/v1/user/orgs"]
    equal(len(pages), 2, "pages asked")
    equal(_mint_oids(ctx, before), ["-"], "the listing's JWT is minted with oid=-")


@operation("Organization.list_accessible_orgs (one page, filter)", "org", f"{SDK_ORG}:324 offset/limit/filter")
def list_accessible_orgs_page(ctx: Context) -> None:
    tenant = ctx.tenant()
    marker = uuid.uuid4().hex[:8]
    for i in range(3):
        created = ctx.emu.post("orgs", {"name": f"zz-{marker}-{i}"})
        ctx.emu.post(f"users/{tenant.uid}/orgs", {"oid": created["oid"]})
    org = ctx.org(tenant, user=True)
    filtered = org.list_accessible_orgs(filter_text=marker.upper())
    equal(sorted(filtered["names"].values()), [f"zz-{marker}-{i}" for i in range(3)], "filtered names (any case)")
    page = org.list_accessible_orgs(offset=1, limit=1, filter_text=marker)
    equal(list(page["names"].values()), [f"zz-{marker}-1"], "offset 1, limit 1 (by name)")


# ---- Users --------------------------------------------------------------------------------------------------------

@operation("Organization.get_users (Users.list)", "org", f"{SDK_ORG}:409 resp['users']; sdk/users.py:19")
def get_users(ctx: Context) -> None:
    tenant = ctx.tenant()
    from limacharlie.sdk.users import Users
    member = _member(ctx, tenant)
    users = Users(ctx.org(tenant)).list()
    check(isinstance(users, list) and all(isinstance(u, str) for u in users), f"a list of e-mails, got {users!r}")
    equal(sorted(users), sorted([tenant.email, member["email"]]), "members")


@operation("Organization.add_user", "org", f"{SDK_ORG}:418 (form email only)")
def add_user(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    user = _user(ctx)
    answer = org.add_user(user["email"])
    equal(answer.get("success"), True, "add_user success")
    check(user["email"] in org.get_users(), "the user is a member")
    equal(org.get_user_permissions()[user["email"]], ["org.get"], "a new member's permissions (Basic)")
    raises(lambda: org.add_user(f"nobody-{uuid.uuid4().hex[:8]}@example.test"), "NotFoundError", what="add_user of an unknown e-mail without invite_missing (404)")


@operation("Organization.remove_user", "org", f"{SDK_ORG}:429")
def remove_user(ctx: Context) -> None:
    tenant = ctx.tenant()
    member = _member(ctx, tenant)
    org = ctx.org(tenant)
    equal(org.remove_user(member["email"]).get("success"), True, "remove_user success")
    check(member["email"] not in org.get_users(), "no longer a member")
    raises(lambda: org.remove_user(member["email"]), "NotFoundError", what="remove_user of a non-member (404)")


@operation("Organization.get_user_permissions (Users.list_permissions)", "org", f"{SDK_ORG}:440 resp['user_permissions']; sdk/users.py:45")
def get_user_permissions(ctx: Context) -> None:
    tenant = ctx.tenant()
    from limacharlie.sdk.users import Users
    member = _member(ctx, tenant, perms=["org.get", "sensor.list"])
    perms = Users(ctx.org(tenant)).list_permissions()
    check(isinstance(perms, dict), f"an object keyed by e-mail, got {perms!r}")
    equal(sorted(perms), sorted([tenant.email, member["email"]]), "e-mails")
    equal(sorted(perms[member["email"]]), ["org.get", "sensor.list"], "a member's permissions")


@operation("Organization.add_user_permission / remove_user_permission", "org", f"{SDK_ORG}:449, :462")
def user_permission(ctx: Context) -> None:
    tenant = ctx.tenant()
    member = _member(ctx, tenant, perms=["org.get"])
    org = ctx.org(tenant)
    equal(org.add_user_permission(member["email"], "dr.set").get("success"), True, "add_user_permission success")
    equal(sorted(org.get_user_permissions()[member["email"]]), ["dr.set", "org.get"], "after the grant")
    org.remove_user_permission(member["email"], "org.get")
    equal(org.get_user_permissions()[member["email"]], ["dr.set"], "after the revocation")
    raises(lambda: org.add_user_permission(member["email"], "no.such.perm"), "ApiError", what="an unknown permission (400)")
    raises(lambda: org.add_user_permission("stranger@example.test", "dr.set"), "NotFoundError", what="a non-member (404)")


@operation("Organization.set_user_role", "org", f"{SDK_ORG}:475 (JSON body) → success, role, permissions")
def set_user_role(ctx: Context) -> None:
    tenant = ctx.tenant()
    member = _member(ctx, tenant, perms=["org.get"])
    org = ctx.org(tenant)
    answer = org.set_user_role(member["email"], "Viewer")
    has(answer, "success", "role", "permissions", what="set_user_role answer")
    equal(answer["role"], "Viewer", "role")
    check("sensor.list" in answer["permissions"] and "sensor.task" not in answer["permissions"],
          f"a Viewer's permissions, got {answer['permissions']!r}")
    equal(sorted(org.get_user_permissions()[member["email"]]), sorted(answer["permissions"]), "permissions stored")
    raises(lambda: org.set_user_role(member["email"], "Overlord"), "ApiError", what="an unknown role (400)")


@operation("Organization.get_users (missing permission)", "org", f"{SDK_ORG}:409; user.ctrl; 401 → AuthenticationError")
def get_users_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get"])
    raises(lambda: ctx.org(tenant).get_users(), "AuthenticationError", what="get_users without user.ctrl")


# ---- API keys -----------------------------------------------------------------------------------------------------

@operation("Organization.get_api_keys", "org", f"{SDK_ORG}:493 resp['api_keys']; commands/api_key.py:73 name")
def get_api_keys(ctx: Context) -> None:
    tenant = ctx.tenant()
    started = now()
    keys = ctx.org(tenant).get_api_keys()
    check(isinstance(keys, dict), f"an object keyed by hash, got {keys!r}")
    ours = hashlib.sha256(tenant.org_key.encode()).hexdigest()
    check(ours in keys, f"the tenant's key is listed by its hash, got {sorted(keys)!r}")
    entry = keys[ours]
    has(entry, "name", "priv", "created_at", "by", "oid", "allowed_ip_range", "last_used", what="api key")
    equal(entry["name"], f"{tenant.name}-key", "name")
    check(isinstance(entry["priv"], list) and "apikey.ctrl" in entry["priv"], f"priv is the permission list, got {entry['priv']!r}")
    equal(entry["oid"], tenant.oid, "oid")
    check(type(entry["created_at"]) is int and entry["created_at"] <= started + 1,
          f"created_at is seconds, got {entry['created_at']!r}")
    check(type(entry["last_used"]) is int and abs(entry["last_used"] - started) < 60,
          f"last_used is seconds of the last mint, got {entry['last_used']!r}")
    check(all(tenant.org_key not in str(v) for v in keys.values()), "no secret in the listing")


@operation("Organization.add_api_key (ApiKeys.create)", "org", f"{SDK_ORG}:502 (perms comma-joined); commands/api_key.py:39 api_key")
def add_api_key(ctx: Context) -> None:
    from limacharlie.sdk.api_keys import ApiKeys
    tenant = ctx.tenant()
    keys = ApiKeys(ctx.org(tenant))
    answer = keys.create("ci-key", ["sensor.list", "dr.list"], ip_range="10.0.0.0/8")
    has(answer, "api_key", "key_hash", what="add_api_key answer")
    equal(answer["key_hash"], hashlib.sha256(answer["api_key"].encode()).hexdigest(), "key_hash names the secret")
    entry = keys.list()[answer["key_hash"]]
    equal(entry["name"], "ci-key", "name")
    equal(sorted(entry["priv"]), ["dr.list", "sensor.list"], "priv")
    equal(entry["allowed_ip_range"], "10.0.0.0/8", "allowed_ip_range")
    equal(entry["last_used"], 0, "last_used of a key never used")
    from limacharlie.client import Client
    from limacharlie.sdk.organization import Organization
    minted = Organization(Client(oid=tenant.oid, api_key=answer["api_key"])).who_am_i()
    equal(sorted(minted["perms"]), ["dr.list", "sensor.list"], "the new key's token carries its permissions")


@operation("Organization.remove_api_key", "org", f"{SDK_ORG}:518 (form key_hash)")
def remove_api_key(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    created = org.add_api_key("short-lived", ["org.get"])
    equal(org.remove_api_key(created["key_hash"]).get("success"), True, "remove_api_key success")
    check(created["key_hash"] not in org.get_api_keys(), "no longer listed")
    from limacharlie.client import Client
    from limacharlie.sdk.organization import Organization
    raises(lambda: Organization(Client(oid=tenant.oid, api_key=created["api_key"])).get_info(), "AuthenticationError", what="a removed key mints no token")
    raises(lambda: org.remove_api_key(created["key_hash"]), "NotFoundError", what="removing it again (404)")


@operation("Organization.get_api_keys (missing permission)", "org", f"{SDK_ORG}:493; apikey.ctrl; 401 → AuthenticationError")
def get_api_keys_denied(ctx: Context) -> None:
    tenant = ctx.tenant(perms=["org.get"])
    raises(lambda: ctx.org(tenant).get_api_keys(), "AuthenticationError", what="get_api_keys without apikey.ctrl")


# ---- Ingestion keys -----------------------------------------------------------------------------------------------

@operation("Organization.get_ingestion_keys / create_ingestion_key", "org", f"{SDK_ORG}:580 data['keys']; {SDK_ORG}:589")
def ingestion_keys(ctx: Context) -> None:
    from limacharlie.sdk.ingestion_keys import IngestionKeys
    tenant = ctx.tenant()
    keys = IngestionKeys(ctx.org(tenant))
    equal(keys.list(), {}, "no keys yet")
    created = keys.create("zeek-logs")
    has(created, "name", "key", what="create answer")
    equal(created["name"], "zeek-logs", "name")
    uuid.UUID(created["key"])
    equal(keys.list(), {"zeek-logs": created["key"]}, "keys by name")
    again = keys.create("zeek-logs")
    check(again["key"] != created["key"], "creating an existing name resets its key")
    equal(keys.list(), {"zeek-logs": again["key"]}, "one key per name")


@operation("Organization.delete_ingestion_key", "org", f"{SDK_ORG}:600 (query name)")
def delete_ingestion_key(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.create_ingestion_key("a")
    org.create_ingestion_key("b")
    equal(org.delete_ingestion_key("a").get("success"), True, "delete success")
    equal(sorted(org.get_ingestion_keys()), ["b"], "keys left")
    raises(lambda: org.delete_ingestion_key("a"), "NotFoundError", what="deleting an unknown key (404)")


# ---- Groups (user tokens) -----------------------------------------------------------------------------------------

def _group(ctx: Context) -> tuple[Tenant, Any, str]:
    tenant = ctx.tenant()
    org = ctx.org(tenant, user=True)
    created = org.create_group(f"soc-{uuid.uuid4().hex[:6]}")
    return tenant, org, created["data"]["gid"]


@operation("Organization.create_group / get_groups (Groups.create/list)", "org", f"{SDK_ORG}:859 data.gid; {SDK_ORG}:850 resp['groups']")
def groups_list(ctx: Context) -> None:
    from limacharlie.sdk.groups import Groups
    tenant = ctx.tenant()
    groups = Groups(ctx.org(tenant, user=True))
    equal(groups.list(), [], "no group yet")
    before = ctx.emu.last_seq()
    created = groups.create("soc-team")
    has(created, "success", "data", what="create_group answer")
    gid = created["data"]["gid"]
    uuid.UUID(gid)
    equal(groups.list(), [{"gid": gid, "name": "soc-team"}], "groups [{gid, name}]")
    form = next(r for r in ctx.emu.requests_since(before) if r["path"] == "/v1/groups" and r["method"] == "POST")["form"]
    equal(form.get("name"), ["soc-team"], "create_group form name")


@operation("Organization.get_group", "org", f"{SDK_ORG}:870 group.{{group_id,name,owners,members,orgs,perms}}")
def get_group(ctx: Context) -> None:
    tenant, org, gid = _group(ctx)
    answer = org.get_group(gid)
    has(answer, "group", what="get_group answer")
    group = answer["group"]
    has(group, "group_id", "name", "owners", "members", "orgs", "perms", what="group")
    equal(group["group_id"], gid, "group_id")
    equal(group["owners"], [tenant.email], "owners (e-mails)")
    equal(group["members"], [], "members")
    equal(group["orgs"], [], "orgs")
    equal(group["perms"], [], "perms")
    raises(lambda: org.get_group(str(uuid.uuid4())), "NotFoundError", what="an unknown group (404)")


@operation("Organization.delete_group", "org", f"{SDK_ORG}:881")
def delete_group(ctx: Context) -> None:
    _, org, gid = _group(ctx)
    equal(org.delete_group(gid).get("success"), True, "delete success")
    equal(org.get_groups(), [], "no group left")
    raises(lambda: org.get_group(gid), "NotFoundError", what="the deleted group (404)")


@operation("Organization.add_group_owner / remove_group_owner", "org", f"{SDK_ORG}:892, :904 (member_email)")
def group_owners(ctx: Context) -> None:
    tenant, org, gid = _group(ctx)
    other = _user(ctx)
    equal(org.add_group_owner(gid, other["email"]).get("success"), True, "add owner success")
    equal(sorted(org.get_group(gid)["group"]["owners"]), sorted([tenant.email, other["email"]]), "owners")
    org.remove_group_owner(gid, other["email"])
    equal(org.get_group(gid)["group"]["owners"], [tenant.email], "owners after removal")
    raises(lambda: org.remove_group_owner(gid, tenant.email), "ApiError", what="removing the last owner (400)")


@operation("Organization.add_group_member / remove_group_member", "org", f"{SDK_ORG}:916, :928 (member_email)")
def group_members(ctx: Context) -> None:
    _, org, gid = _group(ctx)
    member = _user(ctx)
    equal(org.add_group_member(gid, member["email"]).get("success"), True, "add member success")
    equal(org.get_group(gid)["group"]["members"], [member["email"]], "members")
    org.remove_group_member(gid, member["email"])
    equal(org.get_group(gid)["group"]["members"], [], "members after removal")
    raises(lambda: org.add_group_member(gid, f"nobody-{uuid.uuid4().hex[:6]}@example.test"), "NotFoundError", what="an unknown e-mail (404)")


@operation("Organization.set_group_permissions", "org", f"{SDK_ORG}:940 (perm repeated)")
def group_permissions(ctx: Context) -> None:
    _, org, gid = _group(ctx)
    equal(org.set_group_permissions(gid, ["sensor.list", "dr.list"]).get("success"), True, "set success")
    equal(sorted(org.get_group(gid)["group"]["perms"]), ["dr.list", "sensor.list"], "perms")
    org.set_group_permissions(gid, ["org.get"])
    equal(org.get_group(gid)["group"]["perms"], ["org.get"], "perms replaced")
    raises(lambda: org.set_group_permissions(gid, ["no.such.perm"]), "ApiError", what="an unknown permission (400)")


@operation("Organization.add_group_org / remove_group_org", "org", f"{SDK_ORG}:964, :976 (oid)")
def group_orgs(ctx: Context) -> None:
    tenant, org, gid = _group(ctx)
    equal(org.add_group_org(gid, tenant.oid).get("success"), True, "add org success")
    equal(org.get_group(gid)["group"]["orgs"], [{"org_id": tenant.oid, "org_name": tenant.name}], "orgs [{org_id, org_name}]")
    org.remove_group_org(gid, tenant.oid)
    equal(org.get_group(gid)["group"]["orgs"], [], "orgs after removal")
    raises(lambda: org.remove_group_org(gid, tenant.oid), "NotFoundError", what="removing an org not in the group (404)")


@operation("Organization.get_groups (org key)", "org", f"{SDK_ORG}:850; user-scoped; 401 → AuthenticationError")
def groups_org_key(ctx: Context) -> None:
    raises(lambda: ctx.org(ctx.tenant()).get_groups(), "AuthenticationError", what="groups with an org token")


# ---- Outputs ------------------------------------------------------------------------------------------------------

@operation("Organization.add_output / get_outputs", "org", f"{SDK_ORG}:623; {SDK_ORG}:614 resp[oid]; sdk/firehose.py:139 name in outputs")
def outputs(ctx: Context) -> None:
    from limacharlie.sdk.outputs import Outputs
    tenant = ctx.tenant()
    outs = Outputs(ctx.org(tenant))
    equal(outs.list(), {}, "no output yet")
    created = outs.create("tmp_live_x", "syslog", "detect", dest_host="10.1.2.3:514", is_tls="true", cat="evil-process")
    has(created, "name", "module", "for", what="add_output answer")
    listed = outs.list()
    check("tmp_live_x" in listed, f"the output is listed by name, got {sorted(listed)!r}")
    output = listed["tmp_live_x"]
    has(output, "name", "module", "for", "dest_host", "is_tls", "cat", what="output")
    equal(output["name"], "tmp_live_x", "name")
    equal(output["module"], "syslog", "module")
    equal(output["for"], "detect", "for (sent as type)")
    equal(output["dest_host"], "10.1.2.3:514", "dest_host")
    equal(output["is_tls"], "true", "is_tls (a string)")
    equal(output["cat"], "evil-process", "cat")
    raises(lambda: outs.create("bad", "carrier-pigeon", "event"), "ApiError", what="an unknown module (400)")


@operation("Organization.delete_output", "org", f"{SDK_ORG}:639 (form name)")
def delete_output(ctx: Context) -> None:
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.add_output("a", "webhook", "event", dest_host="https://hooks.example.test/a")
    org.add_output("b", "webhook", "audit", dest_host="https://hooks.example.test/b")
    equal(org.delete_output("a").get("success"), True, "delete success")
    equal(sorted(org.get_outputs()), ["b"], "outputs left")
    equal(sorted(ctx.emu.get(f"orgs/{tenant.oid}/outputs")), ["b"], "the emulator's outputs")
    raises(lambda: org.delete_output("a"), "NotFoundError", what="deleting an unknown output (404)")
