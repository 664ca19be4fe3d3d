"""The org's other service hosts (replay, cases), the live stream, installer downloads and the CSV export, as the SDK reads them.

sdk/replay.py builds its root as `https://{url.replay}/`; the emulator serves plain http on loopback, so the replay
operations send that one URL over http (`_plain_http`). Everything else (path, body, token, answer) is the SDK's own.
The stream and downloads hosts are fixed in the SDK (module constants); the operations point them at the emulator's
services host, as a session override does in the module.
"""

import hashlib
import uuid

from harness import Context, check, equal, has, now, operation, raises

HOUR = 3600


def _services(ctx: Context) -> str:
    return ctx.emu.get("urls")["services"].rstrip("/")


def _plain_http(org) -> None:
    client = org.client
    original = client._rest_call

    def call(url, verb, *args, alt_root=None, **kwargs):
        if alt_root and alt_root.startswith("https://127.0.0.1"):
            alt_root = "http://" + alt_root[len("https://"):]
        return original(url, verb, *args, alt_root=alt_root, **kwargs)

    client._rest_call = call


def _replay(ctx: Context):
    from limacharlie.sdk.replay import Replay
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    _plain_http(org)
    return tenant, Replay(org)


RULE = {
    "detect": {"event": "NEW_PROCESS", "op": "ends with", "path": "event/FILE_PATH", "value": "calc.exe"},
    "respond": [{"action": "report", "name": "calc-started"}],
}


@operation("Replay.scan_events", "replay", "sdk/replay.py:96; commands/dr.py:543 (num_evals, num_events, responses, errors)")
def scan_events(ctx: Context) -> None:
    _, replay = _replay(ctx)
    events = [
        {"routing": {"event_type": "NEW_PROCESS"}, "event": {"FILE_PATH": "C:\\Windows\\System32\\calc.exe"}},
        {"routing": {"event_type": "NEW_PROCESS"}, "event": {"FILE_PATH": "C:\\Windows\\notepad.exe"}},
        {"routing": {"event_type": "DNS_REQUEST"}, "event": {"DOMAIN_NAME": "calc.exe"}},
    ]
    answer = replay.scan_events(events, rule_content=RULE, trace=True)
    has(answer, "num_evals", "eval_time", "num_events", "responses", "errors")
    equal(answer["num_events"], 3, "num_events")
    equal(len(answer["responses"]), 1, "responses of the one matching event")
    equal(answer["responses"][0]["name"], "calc-started", "responses[0].name")
    equal(answer["errors"], [], "errors")
    # The service's own shape (limacharlie-api.md §3.14): did_match, results [{action, data}], stats, traces.
    has(answer, "error", "did_match", "results", "stats", "traces")
    equal(answer["error"], "", "error")
    equal(answer["did_match"], True, "did_match")
    equal([r["action"] for r in answer["results"]], ["report"], "results[].action")
    equal(answer["results"][0]["data"]["cat"], "calc-started", "results[0].data.cat (the detection's name)")
    equal(answer["results"][0]["data"]["detect"]["event"]["FILE_PATH"], events[0]["event"]["FILE_PATH"], "results[0].data.detect: the event")
    has(answer["stats"], "n_scan", "n_proc", "n_matched", "n_eval", "n_billed", "n_free", "estimated_price")
    equal((answer["stats"]["n_proc"], answer["stats"]["n_matched"], answer["stats"]["n_billed"]), (3, 1, 0), "stats n_proc, n_matched, n_billed")
    equal(len(answer["traces"]), 3, "one trace per event")


@operation("Replay.validate_rule", "replay", "sdk/replay.py:140 (empty results means valid)")
def validate_rule(ctx: Context) -> None:
    _, replay = _replay(ctx)
    answer = replay.validate_rule(RULE)
    has(answer, "num_events", "responses", "errors")
    equal(answer["errors"], [], "errors of a valid rule")
    equal(answer["error"], "", "error of a valid rule")
    bad = replay.validate_rule({"detect": {"event": "NEW_PROCESS", "op": "is greather than", "path": "event/PID", "value": 1},
                                "respond": [{"action": "report", "name": "typo"}]})
    check("unknown operator 'is greather than'" in bad["error"], f"the error names the unknown operator, got {bad['error']!r}")
    equal(bad["results"], [], "no results for a rule that does not compile")


@operation("Replay.run (a stored rule over history)", "replay", "sdk/replay.py:24; commands/replay_cmd.py:93")
def run_stored(ctx: Context) -> None:
    tenant, replay = _replay(ctx)
    sid = ctx.seed_sensors(tenant, count=1)[0]
    end = now()
    ctx.emu.post(f"orgs/{tenant.oid}/telemetry",
                 {"sid": sid, "count": 40, "start": end - HOUR, "end": end, "eventTypes": ["NEW_PROCESS", "DNS_REQUEST"]})
    ctx.seed_hive(tenant, "dr-general", "dns-seen", data={
        "detect": {"event": "DNS_REQUEST"}, "respond": [{"action": "report", "name": "dns-seen"}]}, enabled=True)
    answer = replay.run(rule_name="dns-seen", start=end - 2 * HOUR, end=end + 60, sid=sid)
    equal(answer["num_events"], 40, "num_events over the window")
    dns = [r for r in answer["responses"] if r.get("name") == "dns-seen"]
    check(0 < len(dns) < 40, f"some but not all events are DNS requests, got {len(dns)} responses")
    check(all(r["routing"]["sid"] == sid for r in dns), "every response names the replayed sensor")
    equal(answer["stats"]["n_billed"], 40, "stored events are billed")
    equal(answer["stats"]["n_matched"], len(dns), "stats.n_matched")


@operation("Replay.run (dry run over history, a selector)", "replay", "sdk/replay.py:24 (dry_run, selector, limit_events)")
def run_dry(ctx: Context) -> None:
    tenant, replay = _replay(ctx)
    sid = ctx.seed_sensors(tenant, count=1)[0]
    end = now()
    ctx.emu.post(f"orgs/{tenant.oid}/telemetry", {"sid": sid, "count": 500, "start": end - HOUR, "end": end})
    rule = {"event": "DNS_REQUEST", "op": "exists", "path": "event/DOMAIN_NAME"}
    estimate = replay.run(detect=rule, respond=[{"action": "report", "name": "dns"}], start=end - 2 * HOUR, end=end + 60,
                          selector=f"sid == {sid}", dry_run=True)
    equal(estimate["is_dry_run"], True, "is_dry_run")
    equal((estimate["stats"]["n_scan"], estimate["stats"]["n_proc"], estimate["results"]), (500, 0, []), "a dry run scans, evaluates nothing")
    check(estimate["stats"]["estimated_price"]["value"] > 0, "a dry run over history estimates a price")
    limited = replay.run(detect=rule, respond=[{"action": "report", "name": "dns"}], start=end - 2 * HOUR, end=end + 60,
                         sid=sid, limit_events=100)
    equal(limited["stats"]["n_proc"], 100, "limit_event caps the events read")


def _cases(ctx: Context):
    from limacharlie.sdk.cases import Cases
    tenant = ctx.tenant()
    return tenant, Cases(ctx.org(tenant))


@operation("Cases.list_cases", "cases", "sdk/cases.py:119 (oids query); commands/case_cmd.py list")
def list_cases(ctx: Context) -> None:
    tenant, cases = _cases(ctx)
    for summary, severity in (("lateral movement", "high"), ("phishing", "low"), ("beaconing", "high")):
        ctx.emu.post(f"orgs/{tenant.oid}/cases", {"summary": summary, "severity": severity})
    answer = cases.list_cases(severity=["high"])
    has(answer, "cases", "next_page_token")
    equal([c["summary"] for c in answer["cases"]], ["beaconing", "lateral movement"], "high cases, newest first")
    page = cases.list_cases(page_size=2)
    equal(len(page["cases"]), 2, "a page of 2")
    check(bool(page["next_page_token"]), "a next_page_token when more cases remain")
    rest = cases.list_cases(page_size=2, page_token=page["next_page_token"])
    equal([c["case_number"] for c in rest["cases"]], [1], "the last page")


@operation("Cases.get_case / update_case / add_note", "cases", "sdk/cases.py:165; commands/case_cmd.py:1563 current.get('case')")
def get_update_note(ctx: Context) -> None:
    tenant, cases = _cases(ctx)
    made = ctx.emu.post(f"orgs/{tenant.oid}/cases", {"summary": "ransomware note found", "severity": "critical"})
    number = made["case_number"]
    updated = cases.update_case(number, status="in_progress", tags=["ir-4412"])
    equal(updated.get("case", updated).get("status"), "in_progress", "status after the update")
    note = cases.add_note(number, "isolated the host", note_type="remediation")
    has(note, "event_id", "content", what="note")
    current = cases.get_case(number)
    case = current.get("case", current)
    equal(case.get("tags"), ["ir-4412"], "case.tags")
    equal(case.get("severity"), "critical", "case.severity")
    equal([e.get("content") for e in current.get("events", [])], ["isolated the host"], "the case's events")


@operation("CloudSec.export_findings_csv", "cloudsec", "sdk/cloudsec.py:1045 raw_response text/csv")
def findings_csv(ctx: Context) -> None:
    import csv
    import io
    from limacharlie.sdk.cloudsec import CloudSec
    tenant = ctx.tenant()
    ctx.emu.post(f"orgs/{tenant.oid}/findings", {"count": 8})
    text = CloudSec(ctx.org(tenant)).export_findings_csv()
    check(isinstance(text, str), f"the export is text, got {type(text).__name__}")
    rows = list(csv.reader(io.StringIO(text)))
    equal(rows[0][0], "finding_id", "the header's first column")
    equal(len(rows), 9, "header and 8 rows")
    equal(rows[4][5], 'Bucket "logs-4" is public, naïvely', "a quoted cell, read back whole")


@operation("downloads.download_binary", "downloads", "sdk/downloads.py:104 (bytes of the installer)")
def download_binary(ctx: Context) -> None:
    import limacharlie.sdk.downloads as downloads
    saved = downloads.DOWNLOADS_URL
    downloads.DOWNLOADS_URL = _services(ctx)
    try:
        data = downloads.download_binary("sensor", "linux", "deb64")
    finally:
        downloads.DOWNLOADS_URL = saved
    expected = ctx.emu.get("downloads/sensor/linux/deb64")
    equal(len(data), expected["length"], "bytes downloaded")
    equal(hashlib.sha256(data).hexdigest(), expected["sha256"], "SHA-256 of the installer")


@operation("Spout (live stream)", "stream", "sdk/spout.py:106 POST {stream}/{oid}; :190 __trace connected")
def spout(ctx: Context) -> None:
    import limacharlie.sdk.spout as spout_module
    tenant = ctx.tenant()
    ctx.seed_sensors(tenant, count=2)
    saved = spout_module._STREAM_URL
    spout_module._STREAM_URL = _services(ctx)
    try:
        stream = spout_module.Spout(ctx.org(tenant), "event")
    finally:
        spout_module._STREAM_URL = saved
    try:
        check(stream.wait_connected(timeout=10), "the stream said it is connected")
        records = [stream.get(timeout=5) for _ in range(3)]
        check(all(r is not None for r in records), f"three records within 15 s, got {records!r}")
        for record in records:
            has(record, "routing", "event", what="record")
        equal([r["event"]["n"] for r in records], [1, 2, 3], "records in order")
    finally:
        stream.shutdown()


@operation("Artifacts.upload", "logs", "sdk/artifacts.py:49 POST https://{url.logs}/ingest, Basic oid:ingestion key, lc-* headers")
def artifact_upload(ctx: Context) -> None:
    import os
    import tempfile
    import limacharlie.sdk.artifacts as artifacts_module
    from limacharlie.sdk.artifacts import Artifacts
    tenant = ctx.tenant()
    org = ctx.org(tenant)
    org.create_ingestion_key("conformance-upload")
    key = org.get_ingestion_keys()["conformance-upload"]
    original = artifacts_module.URLRequest

    def plain_http(url, *args, **kwargs):
        if url.startswith("https://127.0.0.1"):
            url = "http://" + url[len("https://"):]
        return original(url, *args, **kwargs)

    payload_id = f"conf-upload-{uuid.uuid4().hex[:8]}"
    content = b"Dec  5 04:12:01 web-01 sshd[811]: Failed password for root\n"
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as f:
        f.write(content)
    artifacts_module.URLRequest = plain_http
    try:
        Artifacts(org, access_token=key).upload(f.name, source="conformance", hint="txt", payload_id=payload_id,
                                                 original_path=f.name)
        raises(lambda: Artifacts(org, access_token=str(uuid.uuid4())).upload(f.name, source="conformance"),
               Exception, what="an upload with a key the org does not have", text="401")
    finally:
        artifacts_module.URLRequest = original
        os.unlink(f.name)
    listed = Artifacts(org).list(start=now() - HOUR, end=now() + 60)
    logs = listed.get("logs", listed.get("artifacts", []))
    mine = [a for a in logs if a.get("payload_id") == payload_id]
    equal(len(mine), 1, "the uploaded artifact in the listing")
    equal(mine[0].get("source"), "conformance", "source from lc-source")
    equal(mine[0].get("hint"), "txt", "hint from lc-hint")
    equal(mine[0].get("path"), os.path.abspath(f.name), "path from lc-path (base64)")
    equal(mine[0].get("size"), len(content), "size of the body")


@operation("CloudSec.get_fleet_overview (all-organizations token)", "cloudsec",
           "sdk/cloudsec.py:948 mint_jwt() without oid for user credentials; client.py:530")
def fleet_overview(ctx: Context) -> None:
    from limacharlie.sdk.cloudsec import CloudSec
    tenant = ctx.tenant()
    second = ctx.emu.post("orgs", {"name": f"conf-fleet-{uuid.uuid4().hex[:8]}", "location": "usa"})
    ctx.emu.post(f"users/{tenant.uid}/orgs", {"oid": second["oid"], "owner": True})
    ctx.emu.post(f"orgs/{second['oid']}/findings", {"count": 4})
    answer = CloudSec(ctx.org(tenant, user=True)).get_fleet_overview()
    has(answer, "orgs", "next_cursor", "total_orgs", "skipped")
    equal(sorted(o["oid"] for o in answer["orgs"]), sorted([tenant.oid, second["oid"]]), "every organization of the user")
    equal(next(o for o in answer["orgs"] if o["oid"] == second["oid"])["findings"], 4, "findings of the second org")
    single = CloudSec(ctx.org(tenant, user=True)).get_fleet_overview(all_orgs=False)
    equal([o["oid"] for o in single["orgs"]], [tenant.oid], "the client's own token sees its organization only")
