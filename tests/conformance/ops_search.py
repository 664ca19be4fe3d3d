"""LCQL search on the org's search host (sdk/search.py), read as commands/search.py reads it."""

from harness import Context, check, equal, has, now, operation

HOUR = 3600


def _search(ctx: Context):
    from limacharlie.sdk.search import Search
    tenant = ctx.tenant()
    return tenant, Search(ctx.org(tenant))


def _rows(results):
    rows = []
    for result in results:
        if result.get("type") == "events":
            rows.extend(result.get("rows") or [])
    return rows


@operation("Search.execute (event stream)", "search", "sdk/search.py:360; commands/search.py:306 _flatten_event_row")
def execute_events(ctx: Context) -> None:
    tenant, search = _search(ctx)
    sid = ctx.seed_sensors(tenant, count=1, hostnamePrefix="lcql")[0]
    end = now()
    for event_type, count in (("NEW_PROCESS", 15), ("DNS_REQUEST", 10)):
        ctx.emu.post(f"orgs/{tenant.oid}/telemetry",
                     {"sid": sid, "count": count, "start": end - HOUR, "end": end, "eventTypes": [event_type]})
    results = list(search.execute("-1h | * | NEW_PROCESS", end - 2 * HOUR, end + 60, stream="event"))
    rows = _rows(results)
    equal(len(rows), 15, "rows of the seeded NEW_PROCESS events")
    for row in rows:
        has(row, "mtd", "data", what="row")
        has(row["mtd"], "ts", "stream", what="row mtd")
        equal(row["mtd"]["stream"], "event", "mtd.stream")
        check(isinstance(row["mtd"]["ts"], int) and (end - 2 * HOUR) * 1000 <= row["mtd"]["ts"] <= (end + 60) * 1000,
              f"mtd.ts is a millisecond stamp in the window, got {row['mtd']['ts']!r}")
        has(row["data"], "routing", "event", what="row data")
        equal(row["data"]["routing"].get("event_type"), "NEW_PROCESS", "data.routing.event_type")
        equal(row["data"]["routing"].get("sid"), sid, "data.routing.sid")
        equal(row["data"]["routing"].get("hostname"), "lcql-000001", "data.routing.hostname")
    stats = results[-1].get("stats") or {}
    cumulative = stats.get("cumulativeStats") or stats
    has(cumulative, "eventsScanned", "bytesScanned", "estimatedPrice", what="results[].stats.cumulativeStats")
    check(isinstance(cumulative["estimatedPrice"], dict) and "amount" in cumulative["estimatedPrice"],
          f"cumulativeStats.estimatedPrice carries 'amount' (commands/search.py:415), got {cumulative['estimatedPrice']!r}")


@operation("Search.execute (detect stream)", "search", "sdk/search.py:360; commands/search.py:466 data.cat")
def execute_detections(ctx: Context) -> None:
    tenant, search = _search(ctx)
    ctx.seed_sensors(tenant, count=2)
    end = now()
    for category, count in (("evil-process", 6), ("dns-exfil", 4)):
        ctx.emu.post(f"orgs/{tenant.oid}/detections",
                     {"count": count, "start": end - HOUR, "end": end, "categories": [category]})
    rows = _rows(search.execute("-1h | * | evil-process", end - 2 * HOUR, end + 60, stream="detect"))
    equal(len(rows), 6, "rows of the seeded evil-process detections")
    for row in rows:
        equal(row["mtd"]["stream"], "detect", "mtd.stream")
        has(row["data"], "cat", "detect_id", "routing", what="row data")
        equal(row["data"]["cat"], "evil-process", "data.cat")


@operation("Search.execute (audit stream)", "search", "sdk/search.py:360; commands/search.py:467 data.etype")
def execute_audit(ctx: Context) -> None:
    tenant, search = _search(ctx)
    end = now()
    ctx.emu.post(f"orgs/{tenant.oid}/audit", {"count": 9, "start": end - HOUR, "end": end})
    rows = _rows(search.execute("-1h | * | *", end - 2 * HOUR, end + 60, stream="audit"))
    equal(len(rows), 9, "rows of the seeded audit entries")
    for row in rows:
        equal(row["mtd"]["stream"], "audit", "mtd.stream")
        has(row["data"], "etype", "msg", "ts", "time", what="row data")


@operation("Search.execute (several pages)", "search", "sdk/search.py:384 nextToken inside each result")
def execute_pages(ctx: Context) -> None:
    tenant, search = _search(ctx)
    sid = ctx.seed_sensors(tenant, count=1)[0]
    end = now()
    ctx.emu.post(f"orgs/{tenant.oid}/telemetry",
                 {"sid": sid, "count": 25, "start": end - HOUR, "end": end, "eventTypes": ["FILE_CREATE"]})
    settings = ctx.emu.get("settings")
    ctx.emu.post("settings", {"searchResultsPerPage": 10, "searchPendingPolls": 0})
    try:
        results = list(search.execute("-1h | * | FILE_CREATE", end - 2 * HOUR, end + 60, stream="event"))
    finally:
        ctx.emu.post("settings", {"searchResultsPerPage": settings["searchResultsPerPage"],
                                  "searchPendingPolls": settings["searchPendingPolls"]})
    rows = _rows(results)
    equal(len(rows), 25, "rows over three pages of 10")
    stamps = [row["mtd"]["ts"] for row in rows]
    equal(len(set(row["data"]["routing"]["this"] for row in rows)), 25, "distinct events (no page read twice)")
    equal(stamps, sorted(stamps), "rows oldest first")


@operation("Search.validate", "search", "sdk/search.py:129; commands/search.py:86 (stats, estimatedPrice)")
def validate(ctx: Context) -> None:
    _, search = _search(ctx)
    end = now()
    answer = search.validate("-1h | * | NEW_PROCESS", end - HOUR, end, stream="event")
    has(answer, "query", "estimatedPrice", "stats")
    check("error" not in answer or not answer["error"], f"a valid query has no error, got {answer.get('error')!r}")
    has(answer["estimatedPrice"], "value", "currency", what="estimatedPrice")
    bad = search.validate("-1h | * | NEW_PROCESS | event/FILE_PATH ==", end - HOUR, end, stream="event")
    check(bool(bad.get("error")), f"an invalid query's answer carries its error, got {bad!r}")


@operation("Search.execute (finished query deleted)", "search", "sdk/search.py:414 _cancel_query in finally")
def execute_then_delete(ctx: Context) -> None:
    tenant, search = _search(ctx)
    end = now()
    before = ctx.emu.last_seq()
    list(search.execute("-1h | * | *", end - HOUR, end, stream="event"))
    deletes = [r for r in ctx.emu.requests_since(before) if r["method"] == "DELETE" and r["path"].startswith("/v1/search/")]
    equal(len(deletes), 1, "DELETE of the finished query")
    check(deletes[0]["status"] == 200, f"the DELETE of a finished query succeeds, got HTTP {deletes[0]['status']}")
