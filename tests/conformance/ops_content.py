"""Content of an org: the hive (sdk/hive.py) and the rules kept in it (sdk/dr_rules.py, sdk/fp_rules.py), extensions
(sdk/extensions.py), payloads (sdk/payloads.py) and artifacts (sdk/artifacts.py, read as commands/artifact.py reads them)."""

import base64
import gzip
import hashlib
import re
import os
import urllib.request

from harness import Context, Tenant, check, equal, has, now, operation, raises

HEX32 = re.compile(r"^[0-9a-f]{32}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RULE = {"detect": {"event": "NEW_PROCESS", "op": "ends with", "path": "event/FILE_PATH", "value": "evil.exe"},
        "respond": [{"action": "report", "name": "evil-process"}]}
FP = {"op": "is", "path": "cat", "value": "evil-process"}
DAY_MS = 86_400_000


def _hive(ctx: Context, name: str, tenant: Tenant | None = None):
    from limacharlie.sdk.hive import Hive
    tenant = tenant or ctx.tenant()
    return tenant, Hive(ctx.org(tenant), name)



def _check_sys_mtd(record, what: str, author: str | None = None) -> None:
    """The sys_mtd fields HiveRecord.from_raw reads (sdk/hive.py:61-70), with their types and units."""
    check(isinstance(record.etag, str) and HEX32.match(record.etag) is not None, f"{what}.etag is a hex string, got {record.etag!r}")
    check(isinstance(record.guid, str) and UUID.match(record.guid) is not None, f"{what}.guid is a UUID, got {record.guid!r}")
    for field in ("created_at", "last_modified"):
        value = getattr(record, field)
        check(isinstance(value, int) and abs(value - now() * 1000) < DAY_MS,
              f"{what}.{field} is a millisecond stamp of today, got {value!r}")
    check(record.last_modified >= record.created_at, f"{what}: last_mod {record.last_modified} before created_at {record.created_at}")
    for field in ("created_by", "last_author"):
        value = getattr(record, field)
        check(isinstance(value, str) and value != "", f"{what}.{field} is the author's name, got {value!r}")
        if author is not None:
            equal(value, author, f"{what}.{field}")
    check(record.last_error in ("", None), f"{what}.last_error is empty, got {record.last_error!r}")
    check(record.last_error_ts in (0, None), f"{what}.last_error_ts is 0, got {record.last_error_ts!r}")


def _key_name(tenant: Tenant) -> str:
    """The caller's ident: the name of the org key the harness made (Context.tenant)."""
    return f"{tenant.name}-key"


def _stored(ctx: Context, tenant: Tenant, hive: str) -> dict:
    return ctx.emu.get(f"orgs/{tenant.oid}/hive/{hive}")


# ---- Hive ------------------------------------------------------------------------------------------------------

@operation("Hive.list", "content", "sdk/hive.py:124 name -> HiveRecord.from_raw (usr_mtd, sys_mtd)")
def hive_list(ctx: Context) -> None:
    tenant, hive = _hive(ctx, "lookup")
    expiry = (now() + 86_400) * 1000
    ctx.seed_hive(tenant, "lookup", "bad-domains", data={"lookup_data": {"evil.test": {}}},
                  enabled=True, tags=["intel", "dns"], comment="feed A", expiry=expiry)
    ctx.seed_hive(tenant, "lookup", "bad-ips", data={"lookup_data": {"10.6.6.6": {}}}, enabled=False)
    records = hive.list()
    equal(sorted(records), ["bad-domains", "bad-ips"], "record names")
    first = records["bad-domains"]
    equal(first.name, "bad-domains", "record.name")
    equal(first.data, {"lookup_data": {"evil.test": {}}}, "record.data")
    equal(first.enabled, True, "usr_mtd.enabled")
    equal(first.tags, ["intel", "dns"], "usr_mtd.tags")
    equal(first.comment, "feed A", "usr_mtd.comment")
    equal(first.expiry, expiry, "usr_mtd.expiry (milliseconds)")
    _check_sys_mtd(first, "bad-domains.sys_mtd")
    second = records["bad-ips"]
    equal(second.enabled, False, "usr_mtd.enabled of the disabled record")
    equal(second.tags, [], "usr_mtd.tags of a record without tags")
    equal(second.expiry, 0, "usr_mtd.expiry of a record that never expires")
    check(first.guid != second.guid and first.etag != second.etag, "each record has its own guid and etag")
    equal(_hive(ctx, "lookup")[1].list(), {}, "list of an empty hive of a fresh org")


@operation("Hive.get", "content", "sdk/hive.py:130 GET .../{key}/data -> HiveRecord.from_raw")
def hive_get(ctx: Context) -> None:
    tenant, hive = _hive(ctx, "lookup")
    seeded = ctx.seed_hive(tenant, "lookup", "a/b c+d", data={"lookup_data": {"x": {"n": 1}}},
                           enabled=True, tags=["t"], comment="slash, space and plus in the key")
    record = hive.get("a/b c+d")
    equal(record.name, "a/b c+d", "record.name")
    equal(record.data, {"lookup_data": {"x": {"n": 1}}}, "record.data")
    equal(record.enabled, True, "usr_mtd.enabled")
    equal(record.tags, ["t"], "usr_mtd.tags")
    equal(record.comment, "slash, space and plus in the key", "usr_mtd.comment")
    _check_sys_mtd(record, "sys_mtd")
    equal(record.etag, seeded["sys_mtd"]["etag"], "sys_mtd.etag is the stored one")
    equal(record.guid, seeded["sys_mtd"]["guid"], "sys_mtd.guid is the stored one")
    equal(record.created_at, seeded["sys_mtd"]["created_at"], "sys_mtd.created_at is the stored one")


@operation("Hive.get (unknown key)", "content", "client.py:802 error_from_status_code 404 -> NotFoundError")
def hive_get_missing(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    _, hive = _hive(ctx, "lookup")
    raises(lambda: hive.get("nope"), NotFoundError, status=404, text="RECORD_NOT_FOUND")


@operation("Hive.get (missing permission)", "content", "client.py:738 401 -> refresh, then AuthenticationError")
def hive_get_refused(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError
    tenant = ctx.tenant(perms=["org.get", "sensor.list"])
    ctx.seed_hive(tenant, "lookup", "k", data={"lookup_data": {}})
    _, hive = _hive(ctx, "lookup", tenant)
    raises(lambda: hive.get("k"), AuthenticationError, status=401, text="lookup.get")


@operation("Hive.get_metadata", "content", "sdk/hive.py:145 GET .../{key}/mtd, data cleared")
def hive_get_metadata(ctx: Context) -> None:
    tenant, hive = _hive(ctx, "secret")
    seeded = ctx.seed_hive(tenant, "secret", "api-token", data={"secret": "s3cr3t"}, enabled=True,
                           tags=["vendor"], comment="rotated monthly")
    record = hive.get_metadata("api-token")
    equal(record.data, None, "record.data (cleared by the SDK)")
    equal(record.enabled, True, "usr_mtd.enabled")
    equal(record.tags, ["vendor"], "usr_mtd.tags")
    equal(record.comment, "rotated monthly", "usr_mtd.comment")
    _check_sys_mtd(record, "sys_mtd")
    equal(record.etag, seeded["sys_mtd"]["etag"], "sys_mtd.etag")
    raw = ctx.client(tenant).request("GET", f"hive/secret/{tenant.oid}/api-token/mtd")
    equal(raw.get("data"), {}, "the /mtd answer's data (serialized as {}, never the secret)")


@operation("Hive.set (data + usr_mtd)", "content", "sdk/hive.py:167 POST .../{key}/data form data, usr_mtd; answer guid/hive/name")
def hive_set(ctx: Context) -> None:
    from limacharlie.sdk.hive import HiveRecord
    tenant, hive = _hive(ctx, "playbook")
    expiry = (now() + 7 * 86_400) * 1000
    answer = hive.set(HiveRecord("triage", data={"python": "print(1)"}, enabled=True, tags=["ir"],
                                 comment="first cut", expiry=expiry))
    has(answer, "guid", "hive", "name", what="write answer")
    equal(answer["name"], "triage", "answer.name")
    equal(answer["hive"], {"name": "playbook", "partition": tenant.oid}, "answer.hive")
    stored = _stored(ctx, tenant, "playbook")["triage"]
    equal(stored["data"], {"python": "print(1)"}, "stored data")
    equal(stored["usr_mtd"], {"enabled": True, "expiry": expiry, "tags": ["ir"], "comment": "first cut"}, "stored usr_mtd")
    equal(stored["sys_mtd"]["guid"], answer["guid"], "answer.guid is the record's guid")
    record = hive.get("triage")
    equal((record.data, record.enabled, record.tags, record.comment, record.expiry),
          ({"python": "print(1)"}, True, ["ir"], "first cut", expiry), "the record read back")
    _check_sys_mtd(record, "sys_mtd", author=_key_name(tenant))


@operation("Hive.set (new record, no usr_mtd)", "content", "sdk/hive.py:167; dr_rules.py:76 create sends no usr_mtd")
def hive_set_defaults(ctx: Context) -> None:
    from limacharlie.sdk.hive import HiveRecord
    tenant, hive = _hive(ctx, "lookup")
    hive.set(HiveRecord("fresh", data={"lookup_data": {}}))
    record = hive.get("fresh")
    equal(record.enabled, False, "a record created without usr_mtd is disabled (the service's documented trap)")
    equal((record.tags, record.comment, record.expiry), ([], "", 0), "default tags, comment, expiry")


@operation("Hive.set (metadata only)", "content", "sdk/hive.py:174 POST .../{key}/mtd when data is None")
def hive_set_metadata(ctx: Context) -> None:
    tenant, hive = _hive(ctx, "lookup")
    ctx.seed_hive(tenant, "lookup", "list", data={"lookup_data": {"a": {}}}, enabled=True, tags=["x"], comment="c")
    before = ctx.emu.last_seq()
    record = hive.get_metadata("list")
    record.enabled = False
    record.tags = ["x", "y"]
    answer = hive.set(record)
    equal(answer.get("name"), "list", "answer.name")
    posts = [r for r in ctx.emu.requests_since(before, tenant.oid) if r["method"] == "POST"]
    check(len(posts) == 1 and posts[0]["path"].endswith("/list/mtd"), f"one POST to .../mtd, got {[p['path'] for p in posts]}")
    stored = _stored(ctx, tenant, "lookup")["list"]
    equal(stored["data"], {"lookup_data": {"a": {}}}, "data kept by a metadata write")
    equal((stored["usr_mtd"]["enabled"], stored["usr_mtd"]["tags"], stored["usr_mtd"]["comment"]), (False, ["x", "y"], "c"),
          "usr_mtd after the metadata write")


@operation("Hive.set (ui_actions)", "content", "sdk/hive.py:64 usr_mtd.ui_actions, sent at :197")
def hive_set_ui_actions(ctx: Context) -> None:
    from limacharlie.sdk.hive import HiveRecord
    _, hive = _hive(ctx, "playbook")
    actions = [{"label": "Run now", "location": "sensor"}]
    hive.set(HiveRecord("with-actions", data={"python": "pass"}, enabled=True, ui_actions=actions))
    equal(hive.get("with-actions").ui_actions, actions, "usr_mtd.ui_actions read back")
    equal(hive.list()["with-actions"].ui_actions, actions, "usr_mtd.ui_actions in the listing")
    record = hive.get_metadata("with-actions")
    record.comment = "kept"
    hive.set(record)
    equal(hive.get("with-actions").ui_actions, actions, "usr_mtd.ui_actions after a metadata write that carried them")


@operation("Hive.validate", "content", "sdk/hive.py:224 POST .../{key}/validate (same form as set), nothing stored")
def hive_validate(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    from limacharlie.sdk.hive import HiveRecord
    tenant, hive = _hive(ctx, "dr-general")
    answer = hive.validate(HiveRecord("candidate", data=RULE, enabled=True, tags=["ci"]))
    check(isinstance(answer, dict) and not answer.get("error"), f"a valid rule validates without error, got {answer!r}")
    equal(_stored(ctx, tenant, "dr-general"), {}, "nothing stored by a validation")
    error = raises(lambda: hive.validate(HiveRecord("bad", data={"respond": []})), ApiError, status=400)
    check("detect" in str(error), f"the refusal names the missing 'detect', got {error}")


@operation("Hive.set (expiry in the past)", "content", "usr_mtd.expiry is milliseconds; the v5 CLI's tests saw INVALID_EXPIRY_TIME")
def hive_set_past_expiry(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    from limacharlie.sdk.hive import HiveRecord
    tenant, hive = _hive(ctx, "lookup")
    seconds = now() + 86_400  # a date of tomorrow in seconds is 1970 read as milliseconds
    raises(lambda: hive.set(HiveRecord("k", data={"lookup_data": {}}, expiry=seconds)), ApiError, status=400, text="INVALID_EXPIRY_TIME")
    equal(_stored(ctx, tenant, "lookup"), {}, "nothing stored")
    hive.set(HiveRecord("k", data={"lookup_data": {}}, expiry=seconds * 1000))
    equal(hive.get("k").expiry, seconds * 1000, "usr_mtd.expiry in milliseconds")


@operation("Hive.set (stale etag)", "content", "sdk/hive.py:310 ApiError 409 / ETAG_MISMATCH")
def hive_set_stale(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    tenant, hive = _hive(ctx, "lookup")
    ctx.seed_hive(tenant, "lookup", "k", data={"lookup_data": {}}, enabled=True)
    record = hive.get("k")
    ctx.seed_hive(tenant, "lookup", "k", comment="concurrent edit")
    record.data = {"lookup_data": {"mine": {}}}
    raises(lambda: hive.set(record), ApiError, status=409, text="ETAG_MISMATCH")
    equal(_stored(ctx, tenant, "lookup")["k"]["data"], {"lookup_data": {}}, "the stale write changed nothing")


@operation("Hive.update_tx", "content", "sdk/hive.py:288 get, callback, set with etag; retried on 409")
def hive_update_tx(ctx: Context) -> None:
    tenant, hive = _hive(ctx, "lookup")
    ctx.seed_hive(tenant, "lookup", "counter", data={"n": 1}, enabled=True, tags=["keep"])
    calls = []

    def bump(record):
        calls.append(dict(record.data))
        if len(calls) == 1:  # someone else writes between our read and our write
            ctx.seed_hive(tenant, "lookup", "counter", data={"n": 10})
        record.data = {"n": record.data["n"] + 1}

    answer = hive.update_tx("counter", bump)
    equal(calls, [{"n": 1}, {"n": 10}], "the callback saw the first read, then the concurrent write")
    equal(answer.get("name"), "counter", "answer.name")
    stored = _stored(ctx, tenant, "lookup")["counter"]
    equal(stored["data"], {"n": 11}, "data after the retried transaction")
    equal((stored["usr_mtd"]["enabled"], stored["usr_mtd"]["tags"]), (True, ["keep"]), "metadata carried through the transaction")


@operation("Hive.delete", "content", "sdk/hive.py:210 DELETE .../{key}")
def hive_delete(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, hive = _hive(ctx, "lookup")
    ctx.seed_hive(tenant, "lookup", "gone", data={"lookup_data": {}})
    ctx.seed_hive(tenant, "lookup", "kept", data={"lookup_data": {}})
    hive.delete("gone")
    equal(sorted(_stored(ctx, tenant, "lookup")), ["kept"], "records left")
    raises(lambda: hive.delete("gone"), NotFoundError, status=404)


@operation("Hive.rename", "content", "sdk/hive.py:272 POST .../{key}/rename ?new_name")
def hive_rename(ctx: Context) -> None:
    from limacharlie.errors import ApiError, NotFoundError
    tenant, hive = _hive(ctx, "lookup")
    seeded = ctx.seed_hive(tenant, "lookup", "old", data={"lookup_data": {"a": {}}}, enabled=True, tags=["t"])
    ctx.seed_hive(tenant, "lookup", "taken", data={"lookup_data": {}})
    answer = hive.rename("old", "new name/1")
    equal(answer.get("name"), "new name/1", "answer.name")
    equal(answer.get("guid"), seeded["sys_mtd"]["guid"], "answer.guid (kept by a rename)")
    records = hive.list()
    equal(sorted(records), ["new name/1", "taken"], "record names after the rename")
    renamed = records["new name/1"]
    equal((renamed.data, renamed.enabled, renamed.tags), ({"lookup_data": {"a": {}}}, True, ["t"]), "data and metadata kept")
    equal(renamed.guid, seeded["sys_mtd"]["guid"], "guid kept")
    raises(lambda: hive.rename("new name/1", "taken"), ApiError, status=409, text="RECORD_ALREADY_EXISTS")
    raises(lambda: hive.rename("old", "other"), NotFoundError, status=404)


# ---- D&R and FP rules ------------------------------------------------------------------------------------------

def _rules(ctx: Context, tenant: Tenant | None = None):
    from limacharlie.sdk.dr_rules import DRRules
    tenant = tenant or ctx.tenant()
    return tenant, DRRules(ctx.org(tenant))


def _check_rule_dict(rule: dict, data: dict, what: str) -> None:
    """HiveRecord.to_dict (sdk/hive.py:73): data, usr_mtd (only what is set), sys_mtd.etag."""
    has(rule, "data", "usr_mtd", "sys_mtd", what=what)
    equal(rule["data"], data, f"{what}.data")
    check(HEX32.match(rule["sys_mtd"].get("etag") or "") is not None, f"{what}.sys_mtd.etag is set, got {rule['sys_mtd']!r}")


@operation("DRRules.list (general)", "content", "sdk/dr_rules.py:27 hive dr-general, to_dict")
def dr_list(ctx: Context) -> None:
    tenant, rules = _rules(ctx)
    ctx.seed_hive(tenant, "dr-general", "evil-process", data=RULE, enabled=True, tags=["edr"], expiry=0)
    ctx.seed_hive(tenant, "dr-managed", "not-general", data=RULE)
    listed = rules.list()
    equal(sorted(listed), ["evil-process"], "rule names in namespace general")
    _check_rule_dict(listed["evil-process"], RULE, "evil-process")
    equal(listed["evil-process"]["usr_mtd"], {"expiry": 0, "enabled": True, "tags": ["edr"], "comment": ""}, "usr_mtd")


@operation("DRRules.list (managed, service)", "content", "sdk/dr_rules.py:17 namespace -> hive dr-<namespace>")
def dr_list_namespaces(ctx: Context) -> None:
    tenant, rules = _rules(ctx)
    ctx.seed_hive(tenant, "dr-managed", "managed-rule", data=RULE, enabled=True)
    ctx.seed_hive(tenant, "dr-service", "service-rule", data=RULE, enabled=False)
    equal(sorted(rules.list(namespace="managed")), ["managed-rule"], "rules in namespace managed")
    service = rules.list(namespace="service")
    equal(sorted(service), ["service-rule"], "rules in namespace service")
    equal(service["service-rule"]["usr_mtd"].get("enabled"), False, "usr_mtd.enabled of the service rule")
    equal(rules.list(), {}, "namespace general is empty")


@operation("DRRules.get", "content", "sdk/dr_rules.py:40 hive.get -> to_dict; None on 404")
def dr_get(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, rules = _rules(ctx)
    ctx.seed_hive(tenant, "dr-managed", "m", data=RULE, enabled=True, comment="from a template")
    rule = rules.get("m", namespace="managed")
    _check_rule_dict(rule, RULE, "rule")
    equal((rule["usr_mtd"].get("enabled"), rule["usr_mtd"].get("comment")), (True, "from a template"), "usr_mtd")
    # The SDK means to return None on a 404 (dr_rules.py:56), but catches ApiError, which NotFoundError is not: it raises.
    try:
        missing = rules.get("m")
    except NotFoundError as error:
        equal(error.status_code, 404, "status of the missing rule")
    else:
        equal(missing, None, "a rule missing from namespace general")


@operation("DRRules.create", "content", "sdk/dr_rules.py:63 hive.set data only")
def dr_create(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    tenant, rules = _rules(ctx)
    answer = rules.create("new-rule", RULE, namespace="managed")
    equal((answer.get("name"), answer.get("hive", {}).get("name")), ("new-rule", "dr-managed"), "answer name and hive")
    stored = _stored(ctx, tenant, "dr-managed")["new-rule"]
    equal(stored["data"], RULE, "stored rule")
    equal(stored["usr_mtd"]["enabled"], False, "a rule created without usr_mtd is disabled")
    error = raises(lambda: rules.create("broken", {"detect": {"op": "is"}}), ApiError, status=400)
    check("respond" in str(error), f"the refusal names the missing 'respond', got {error}")


@operation("DRRules.update", "content", "sdk/dr_rules.py:80 alias of create: data only, metadata kept")
def dr_update(ctx: Context) -> None:
    tenant, rules = _rules(ctx)
    ctx.seed_hive(tenant, "dr-general", "r", data=RULE, enabled=True, tags=["prod"], comment="c")
    changed = {**RULE, "respond": [{"action": "report", "name": "renamed"}]}
    rules.update("r", changed)
    stored = _stored(ctx, tenant, "dr-general")["r"]
    equal(stored["data"], changed, "updated rule")
    equal((stored["usr_mtd"]["enabled"], stored["usr_mtd"]["tags"], stored["usr_mtd"]["comment"]), (True, ["prod"], "c"),
          "metadata kept by an update without usr_mtd")


@operation("DRRules.delete", "content", "sdk/dr_rules.py:91 hive.delete")
def dr_delete(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, rules = _rules(ctx)
    ctx.seed_hive(tenant, "dr-service", "s", data=RULE)
    rules.delete("s", namespace="service")
    equal(_stored(ctx, tenant, "dr-service"), {}, "dr-service after the delete")
    raises(lambda: rules.delete("s", namespace="service"), NotFoundError, status=404)


def _fps(ctx: Context):
    from limacharlie.sdk.fp_rules import FPRules
    tenant = ctx.tenant()
    return tenant, FPRules(ctx.org(tenant))


@operation("FPRules.list", "content", "sdk/fp_rules.py:23 hive fp, to_dict")
def fp_list(ctx: Context) -> None:
    tenant, fps = _fps(ctx)
    ctx.seed_hive(tenant, "fp", "ignore-evil", data=FP, enabled=True, tags=["noise"])
    listed = fps.list()
    equal(sorted(listed), ["ignore-evil"], "fp rule names")
    _check_rule_dict(listed["ignore-evil"], FP, "ignore-evil")
    equal(listed["ignore-evil"]["usr_mtd"].get("tags"), ["noise"], "usr_mtd.tags")


@operation("FPRules.get", "content", "sdk/fp_rules.py:29 hive.get -> to_dict")
def fp_get(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, fps = _fps(ctx)
    ctx.seed_hive(tenant, "fp", "ignore-evil", data=FP, enabled=True)
    _check_rule_dict(fps.get("ignore-evil"), FP, "fp rule")
    try:
        missing = fps.get("nope")
    except NotFoundError as error:  # same SDK slip as DRRules.get
        equal(error.status_code, 404, "status of the missing fp rule")
    else:
        equal(missing, None, "a missing fp rule")


@operation("FPRules.create", "content", "sdk/fp_rules.py:48 hive.set data only")
def fp_create(ctx: Context) -> None:
    tenant, fps = _fps(ctx)
    answer = fps.create("ignore-host", {"op": "is", "path": "routing/hostname", "value": "web-2"})
    equal((answer.get("name"), answer.get("hive", {}).get("name")), ("ignore-host", "fp"), "answer name and hive")
    stored = _stored(ctx, tenant, "fp")["ignore-host"]
    equal(stored["data"], {"op": "is", "path": "routing/hostname", "value": "web-2"}, "stored fp rule")


@operation("FPRules.delete", "content", "sdk/fp_rules.py:62 hive.delete")
def fp_delete(ctx: Context) -> None:
    tenant, fps = _fps(ctx)
    ctx.seed_hive(tenant, "fp", "a", data=FP)
    ctx.seed_hive(tenant, "fp", "b", data=FP)
    fps.delete("a")
    equal(sorted(_stored(ctx, tenant, "fp")), ["b"], "fp rules left")


# ---- Extensions ------------------------------------------------------------------------------------------------

def _extensions(ctx: Context, tenant: Tenant | None = None):
    from limacharlie.sdk.extensions import Extensions
    tenant = tenant or ctx.tenant()
    return tenant, Extensions(ctx.org(tenant))


@operation("Extensions.get_all", "content", "sdk/extensions.py:63 GET extension/definition; commands/extension.py:159")
def ext_get_all(ctx: Context) -> None:
    _, extensions = _extensions(ctx)
    definitions = extensions.get_all()
    check(isinstance(definitions, dict), f"definitions keyed by name, got {type(definitions).__name__}")
    for name in ("ext-reliable-tasking", "ext-cases", "ext-infrastructure"):
        has(definitions, name, what="definitions")
        has(definitions[name], "name", "label", "description", what=f"definition {name}")
        equal(definitions[name]["name"], name, f"{name}.name")


@operation("Extensions.subscribe", "content", "sdk/extensions.py:24 POST orgs/{oid}/subscription/extension/{name}")
def ext_subscribe(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, extensions = _extensions(ctx)
    answer = extensions.subscribe("ext-cases")
    check(isinstance(answer, dict), f"an object, got {answer!r}")
    equal([s["name"] for s in ctx.emu.get(f"orgs/{tenant.oid}/extensions/subscriptions")], ["ext-cases"], "subscriptions stored")
    raises(lambda: extensions.subscribe("ext-does-not-exist"), NotFoundError, status=404)


@operation("Extensions.list_subscribed", "content", "sdk/extensions.py:20 GET orgs/{oid}/subscriptions (name -> record)")
def ext_list_subscribed(ctx: Context) -> None:
    tenant, extensions = _extensions(ctx)
    equal(extensions.list_subscribed(), {}, "subscriptions of a fresh org")
    for name in ("ext-reliable-tasking", "ext-cases"):
        extensions.subscribe(name)
    subscribed = extensions.list_subscribed()
    check(isinstance(subscribed, dict), f"keyed by extension name (go Extensions() reads the keys), got {subscribed!r}")
    equal(sorted(subscribed), ["ext-cases", "ext-reliable-tasking"], "subscribed extension names")


@operation("Extensions.unsubscribe", "content", "sdk/extensions.py:37 DELETE orgs/{oid}/subscription/extension/{name}")
def ext_unsubscribe(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    tenant, extensions = _extensions(ctx)
    extensions.subscribe("ext-cases")
    extensions.subscribe("ext-plaso")
    extensions.unsubscribe("ext-plaso")
    equal(sorted(extensions.list_subscribed()), ["ext-cases"], "subscriptions left")
    raises(lambda: extensions.unsubscribe("ext-plaso"), ApiError, status=400, text="not subscribed")


@operation("Extensions.request (gzdata)", "content", "sdk/extensions.py:98 form gzdata; envelope {data, error, retry}")
def ext_request(ctx: Context) -> None:
    tenant, extensions = _extensions(ctx)
    extensions.subscribe("ext-cases")
    envelope = extensions.request("ext-cases", "create_case", {"title": "Beacon on web-2", "severity": "high"})
    has(envelope, "data", "error", "retry", what="extension envelope")
    equal((envelope["error"], envelope["retry"]), ("", False), "error and retry of a success")
    equal({k: envelope["data"].get(k) for k in ("case_id", "title", "severity")},
          {"case_id": 1, "title": "Beacon on web-2", "severity": "high"}, "envelope.data")
    unwrapped = extensions.request("ext-cases", "list_cases", unwrap=True)
    equal([c["title"] for c in unwrapped.get("cases", [])], ["Beacon on web-2"], "unwrap=True returns the data")
    received = ctx.emu.get(f"orgs/{tenant.oid}/extensions/requests")
    equal([(r["action"], r["compressed"]) for r in received], [("create_case", True), ("list_cases", True)],
          "actions received, as gzdata")
    equal(received[0]["data"], {"title": "Beacon on web-2", "severity": "high"}, "the data the extension decoded")


@operation("Extensions.request (application error)", "content",
           "sdk/extensions.py:110 errors 'are surfaced as a non-200 by the API gateway and therefore raise'")
def ext_request_error(ctx: Context) -> None:
    from limacharlie.errors import ApiError
    _, extensions = _extensions(ctx)
    extensions.subscribe("ext-cases")
    extensions.subscribe("ext-plaso")
    error = raises(lambda: extensions.request("ext-cases", "explode", unwrap=True), ApiError, status=400, text="unknown action")
    equal(error.response_body.get("error", "")[:25], "unknown action 'explode' ", "the envelope's error, carried in the body")
    error = raises(lambda: extensions.request("ext-plaso", "run", unwrap=True), ApiError, status=500, text="try again later")
    equal(error.response_body.get("retry"), True, "the envelope's retry flag, carried in the body")


@operation("Extensions.request (not subscribed)", "content", "client.py:802 403 -> PermissionDeniedError")
def ext_request_unsubscribed(ctx: Context) -> None:
    from limacharlie.errors import PermissionDeniedError
    _, extensions = _extensions(ctx)
    raises(lambda: extensions.request("ext-cases", "list_cases"), PermissionDeniedError, status=403, text="not subscribed")


# ---- Payloads --------------------------------------------------------------------------------------------------

def _payloads(ctx: Context):
    from limacharlie.sdk.payloads import Payloads
    tenant = ctx.tenant()
    return tenant, Payloads(ctx.org(tenant))


@operation("Payloads.upload", "content", "sdk/payloads.py:41 POST -> put_url, PUT octet-stream")
def payload_upload(ctx: Context) -> None:
    tenant, payloads = _payloads(ctx)
    content = bytes(range(256)) * 40
    payloads.upload("tool.exe", payload_content=content)
    stored = ctx.emu.get(f"orgs/{tenant.oid}/payloads")
    equal([(p["name"], p["size"]) for p in stored], [("tool.exe", len(content))], "payloads stored")


@operation("Payloads.list", "content", "sdk/payloads.py:36 payloads -> {name: {name, oid, size, by, created}}")
def payload_list(ctx: Context) -> None:
    tenant, payloads = _payloads(ctx)
    equal(payloads.list(), {}, "payloads of a fresh org")
    payloads.upload("a.ps1", payload_content=b"Write-Host 1")
    payloads.upload("b.sh", payload_content=b"echo 2\n")  # the SDK does not escape names: no space or slash
    listed = payloads.list()
    equal(sorted(listed), ["a.ps1", "b.sh"], "payload names")
    entry = listed["a.ps1"]
    has(entry, "name", "oid", "size", "by", "created", what="payload")
    equal((entry["name"], entry["oid"], entry["size"]), ("a.ps1", tenant.oid, 12), "name, oid, size")
    equal(entry["by"], _key_name(tenant), "by (who asked for the put_url)")
    check(isinstance(entry["created"], int) and abs(entry["created"] - now()) < 600,
          f"created is a second stamp of now (go: CreatedOn uint64), got {entry['created']!r}")


@operation("Payloads.download", "content", "sdk/payloads.py:81 GET -> get_url, GET bytes")
def payload_download(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    _, payloads = _payloads(ctx)
    content = bytes(range(256)) * 300
    payloads.upload("blob.bin", payload_content=content)
    equal(payloads.download("blob.bin"), content, "downloaded bytes")
    raises(lambda: payloads.download("missing.bin"), NotFoundError, status=404)


@operation("Payloads.delete", "content", "sdk/payloads.py:108 DELETE payload/{oid}/{name}")
def payload_delete(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, payloads = _payloads(ctx)
    payloads.upload("x", payload_content=b"1")
    payloads.upload("y", payload_content=b"2")
    payloads.delete("x")
    equal(sorted(payloads.list()), ["y"], "payloads left")
    raises(lambda: payloads.delete("x"), NotFoundError, status=404)


@operation("Payloads.list (missing permission)", "content", "client.py:738 401 -> AuthenticationError")
def payload_list_refused(ctx: Context) -> None:
    from limacharlie.errors import AuthenticationError
    from limacharlie.sdk.payloads import Payloads
    tenant = ctx.tenant(perms=["org.get"])
    raises(lambda: Payloads(ctx.org(tenant)).list(), AuthenticationError, status=401, text="payload.ctrl")


# ---- Artifacts -------------------------------------------------------------------------------------------------

def _artifacts(ctx: Context):
    from limacharlie.sdk.artifacts import Artifacts
    tenant = ctx.tenant()
    return tenant, Artifacts(ctx.org(tenant))


def _cli_results(data):
    """commands/artifact.py:88, the CLI's reading of a listing."""
    return data if isinstance(data, list) else data.get("artifacts", data.get("logs", [data]))


@operation("Artifacts.list (start/end)", "content", "sdk/artifacts.py:146; commands/artifact.py:88 logs, filter on type")
def artifacts_list(ctx: Context) -> None:
    tenant, artifacts = _artifacts(ctx)
    sid = ctx.seed_sensors(tenant, count=1, hostnamePrefix="art")[0]
    t = now() - 3600
    ids = {name: f"{name}-{tenant.oid}" for name in ("p-evtx", "p-txt", "p-old")}  # payload ids are unique per emulator
    ctx.emu.post(f"orgs/{tenant.oid}/artifacts", {"artifacts": [
        {"payloadId": ids["p-evtx"], "sid": sid, "path": "C:\\Windows\\System32\\winevt\\Logs\\Security.evtx", "hint": "evtx",
         "source": "dc01", "size": 2048, "time": t},
        {"payloadId": ids["p-txt"], "path": "/var/log/syslog", "hint": "txt", "source": "web-2", "size": 100, "time": t + 10},
        {"payloadId": ids["p-old"], "hint": "txt", "size": 1, "time": t - 3 * 86_400},
    ]})
    data = artifacts.list()
    rows = _cli_results(data)
    check(isinstance(rows, list), f"the CLI finds a list under 'logs', got {data!r}")
    equal([r.get("payload_id") for r in rows], [ids["p-txt"], ids["p-evtx"]], "artifacts of the last 24 h, newest first")
    evtx = rows[1]
    has(evtx, "payload_id", "sid", "hostname", "path", "source", "hint", "type", "size", "ts", what="artifact")
    equal((evtx["sid"], evtx["hostname"], evtx["source"], evtx["size"]), (sid, "art-000001", "dc01", 2048), "sid, hostname, source, size")
    equal(evtx["path"], "C:\\Windows\\System32\\winevt\\Logs\\Security.evtx", "path")
    equal(evtx["ts"], t * 1000, "ts (milliseconds)")
    equal([r["payload_id"] for r in rows if r.get("type") == "evtx"], [ids["p-evtx"]], "the CLI's --type filter (reads 'type')")
    window = _cli_results(artifacts.list(start=t - 4 * 86_400, end=t - 2 * 86_400))
    equal([r["payload_id"] for r in window], [ids["p-old"]], "an explicit start/end window (seconds)")
    equal([r["payload_id"] for r in _cli_results(artifacts.list(sid=sid))], [ids["p-evtx"]], "the sid filter")


@operation("Artifacts.list (cursor)", "content", "sdk/artifacts.py:163 cursor instead of start/end; next_cursor")
def artifacts_list_cursor(ctx: Context) -> None:
    tenant, artifacts = _artifacts(ctx)
    ctx.emu.post(f"orgs/{tenant.oid}/artifacts", {"count": 5, "size": 10, "time": now() - 600, "hint": "txt"})
    first = artifacts.client.request("GET", f"insight/{tenant.oid}/artifacts", query_params={"limit": "2", "cursor": "-"})
    has(first, "logs", "next_cursor", what="first page")
    cursor = first["next_cursor"]
    check(isinstance(cursor, str) and cursor not in ("", "-"), f"next_cursor of a full page, got {cursor!r}")
    rest = artifacts.list(cursor=cursor)
    seen = [r["payload_id"] for r in first["logs"]] + [r["payload_id"] for r in _cli_results(rest)]
    equal(len(seen), 5, "artifacts over the pages")
    equal(len(set(seen)), 5, "no artifact listed twice")
    equal(rest.get("next_cursor"), "", "next_cursor of the last page")


@operation("Artifacts.get_url (inline payload)", "content", "sdk/artifacts.py:175 payload (base64 gzip); commands/artifact.py:186")
def artifacts_get_inline(ctx: Context) -> None:
    from limacharlie.errors import NotFoundError
    tenant, artifacts = _artifacts(ctx)
    content = b"line one\nline two\n" * 20
    ctx.emu.post(f"orgs/{tenant.oid}/artifacts", {"payloadId": f"small-{tenant.oid}", "content": base64.b64encode(content).decode()})
    answer = artifacts.get_url(f"small-{tenant.oid}")
    has(answer, "payload", what="answer")
    check("export" not in answer, f"a small artifact comes inline only, got {sorted(answer)}")
    equal(gzip.decompress(base64.b64decode(answer["payload"])), content, "payload is base64 of the gzipped original")
    raises(lambda: artifacts.get_url("nope"), NotFoundError, status=404)


@operation("Artifacts.get_url (export URL)", "content", "sdk/artifacts.py:175 export; commands/artifact.py:196 urlopen")
def artifacts_get_export(ctx: Context) -> None:
    tenant, artifacts = _artifacts(ctx)
    settings = ctx.emu.get("files/settings")
    ctx.emu.post("files/settings", {"inlineLimit": 1024, "exportNotReady": 0})
    try:
        made = ctx.emu.post(f"orgs/{tenant.oid}/artifacts", {"payloadId": f"big-{tenant.oid}", "size": 300_000, "seed": 7})
        answer = artifacts.get_url(f"big-{tenant.oid}")
    finally:
        ctx.emu.post("files/settings", {"inlineLimit": settings.get("inlineLimit") or 65536,
                                        "exportNotReady": settings.get("exportNotReady", 1)})
    has(answer, "export", what="answer")
    check("payload" not in answer, f"a large artifact comes as an export URL only, got {sorted(answer)}")
    with urllib.request.urlopen(answer["export"], timeout=30) as response:
        body = response.read()
    equal(len(body), 300_000, "bytes behind the export URL")
    equal(hashlib.sha256(body).hexdigest(), made["artifacts"][0]["sha256"].lower(), "sha256 of the exported original")


# ---- Configs (sync) --------------------------------------------------------------------------------------------

@operation("Configs.fetch_to_file", "content", "sdk/configs.py:89 ext-infrastructure fetch, data.org; :185 yaml dump")
def configs_fetch(ctx: Context) -> None:
    import tempfile
    import yaml
    from limacharlie.sdk.configs import Configs
    tenant, extensions = _extensions(ctx)
    extensions.subscribe("ext-infrastructure")
    extensions.subscribe("ext-cases")
    ctx.seed_hive(tenant, "dr-general", "r1", data={"detect": {"op": "exists", "event": "NEW_PROCESS", "path": "event"},
                                                  "respond": [{"action": "report", "name": "r1"}]},
                  enabled=True, tags=["t1"], comment="c")
    org = ctx.org(tenant)
    org.add_output("siem", "syslog", "detect", dest_host="siem.example.test:514")
    configs = Configs(org)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "org.yaml")
        configs.fetch_to_file(path, sync_outputs=True, sync_extensions=True, sync_installation_keys=True,
                              sync_org_values=True, sync_hives={"dr-general": True})
        with open(path) as f:
            written = yaml.safe_load(f)
        equal(written.get("version"), 3, "version")
        record = written["hives"]["dr-general"]["r1"]
        has(record, "data", "usr_mtd", what="hives.dr-general.r1")
        equal(record["usr_mtd"]["tags"], ["t1"], "usr_mtd.tags")
        equal(written["outputs"]["siem"]["module"], "syslog", "outputs.siem.module")
        check("ext-cases" in written["extensions"], f"extensions lists ext-cases: {written['extensions']!r}")
        loaded, included = configs._load_effective_config(path)
        equal(loaded["hives"]["dr-general"]["r1"]["data"]["detect"]["op"], "exists", "the SDK reads back what it wrote")
