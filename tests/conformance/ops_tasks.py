"""Tasks and their answers as the CLI's commands/task.py drives them: `task request` (a Spout filtered on a fresh
investigation id, opened before Sensor.task, reading the answer events) and the reliable-tasking service
(`Organization.service_request("reliable-tasking", ...)`: reliable-send, reliable-list, reliable-delete)."""

import base64
import json
import time
import uuid

from harness import Context, check, equal, has, operation

SERVICE = "reliable-tasking"


def _services(ctx: Context) -> str:
    return ctx.emu.get("urls")["services"].rstrip("/")


@operation("task request (Spout inv_id + Sensor.task)", "tasks",
           "commands/task.py:151 Spout(org, 'event', inv_id), wait_connected, Sensor.task(inv_id), skip CLOUD_NOTIFICATION")
def task_request(ctx: Context) -> None:
    import limacharlie.sdk.spout as spout_module
    from limacharlie.sdk.sensor import Sensor
    tenant = ctx.tenant()
    sid = ctx.seed_sensors(tenant, sensors=[{"hostname": "answers-01", "plat": "windows", "online": True}])[0]
    # The stream's keep-alives wake the SDK's reader thread, which shutdown() joins: an idle stream would hold it for 60 s.
    ctx.emu.post(f"orgs/{tenant.oid}/stream", {"keepAliveSeconds": 0.2})
    org = ctx.org(tenant)
    org.client.refresh_jwt()
    inv_id = str(uuid.uuid4())
    saved = spout_module._STREAM_URL
    spout_module._STREAM_URL = _services(ctx)
    try:
        spout = spout_module.Spout(org, "event", inv_id=inv_id)
    finally:
        spout_module._STREAM_URL = saved
    try:
        check(spout.wait_connected(timeout=10), "the stream said it is connected")
        Sensor(org, sid).task("os_version", inv_id=inv_id)
        results = []
        deadline = time.time() + 10
        while time.time() < deadline and not results:
            event = spout.get(timeout=1)
            if event is not None and event.get("routing", {}).get("event_type") != "CLOUD_NOTIFICATION":
                results.append(event)
    finally:
        spout.shutdown()
    check(len(results) == 1, f"one answer besides the receipt within 10 s, got {results!r}")
    has(results[0], "routing", "event", what="answer")
    equal(results[0]["routing"]["event_type"], "OS_VERSION_REP", "routing.event_type")
    equal(results[0]["routing"]["investigation_id"], inv_id, "routing.investigation_id")
    equal(results[0]["routing"]["sid"], sid, "routing.sid")
    has(results[0]["event"], "MAJOR_VERSION", "BUILD_NUMBER", what="event")


@operation("Organization.service_request reliable-tasking (reliable-send, -list, -delete)", "tasks",
           "commands/task.py:264 {action:task,task,sid,inv_id,ttl} async; :303 {action:list,sid}; :331 {action:untask,sid,task_id}")
def reliable_tasking(ctx: Context) -> None:
    tenant = ctx.tenant()
    sid = ctx.seed_sensors(tenant, sensors=[{"hostname": "laptop-07", "online": False}])[0]
    org = ctx.org(tenant)
    org.client.request("POST", f"orgs/{tenant.oid}/subscription/extension/ext-reliable-tasking")
    since = ctx.emu.last_seq()
    org.service_request(SERVICE, {"action": "task", "task": "os_version", "sid": sid, "inv_id": "conf-inv", "ttl": 600}, is_async=True)
    sent = [r for r in ctx.emu.requests_since(since) if r["path"] == f"/v1/service/{tenant.oid}/{SERVICE}"]
    equal(len(sent), 1, "one service request")
    data = json.loads(base64.b64decode(sent[0]["form"]["request_data"][0]))
    equal(data, {"action": "task", "task": "os_version", "sid": sid, "inv_id": "conf-inv", "ttl": 600}, "the request the emulator decoded")
    listed = org.service_request(SERVICE, {"action": "list", "sid": sid})
    has(listed, "tasks", what="list answer")
    equal([(t["task"], t["inv_id"], t["ttl"]) for t in listed["tasks"]], [("os_version", "conf-inv", 600)], "the held task")
    org.service_request(SERVICE, {"action": "untask", "sid": sid, "task_id": listed["tasks"][0]["task_id"]}, is_async=True)
    equal(org.service_request(SERVICE, {"action": "list", "sid": sid})["tasks"], [], "nothing held after untask")
