using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.Search;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The regional LCQL search service (limacharlie-api.md §3.13), served only on the emulator's second listener (the
/// <c>url.search</c> of <c>GET /v1/orgs/{oid}/url</c>). JSON bodies; the same Bearer JWT as the API. Queries run over
/// the generated Insight data (<see cref="LcqlQuery"/> describes the subset), oldest first, in pages of
/// <see cref="SearchSettings.ResultsPerPage"/> rows whose <c>nextToken</c> sits in the last result item.
/// </summary>
internal static class SearchEndpoints
{
    /// <summary>Bytes counted per event for <c>bytesInScope</c>/<c>bytesScanned</c>.</summary>
    public const long BytesPerEvent = 512;

    /// <summary>Events per batch for <c>batchesInScope</c>.</summary>
    public const long EventsPerBatch = 10_000;

    /// <summary>Price per event in scope, in USD (1 USD per million).</summary>
    public const double PricePerEvent = 0.000001;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/search/validate", Validate);
        routes.MapPost("/v1/search", Submit);
        routes.MapGet("/v1/search/{queryId}", Poll);
        routes.MapDelete("/v1/search/{queryId}", Cancel);
        routes.MapGet("/v1/search/{oid}/queries", Queries);
        routes.MapGet("/v1/search/{oid}/limits", Limits);
        return routes;
    }

    private sealed record SearchBody(string Oid, string? Query, long StartMs, long EndMs, string Stream, string StartText, string EndText);

    /// <summary><c>POST /v1/search/validate</c>: the query's scope and price, or <c>error</c> (still 200) when the LCQL is invalid.</summary>
    private static async Task<IResult> Validate(HttpContext context, Caller caller, EmulatorState state)
    {
        var body = await ReadBodyAsync(context);
        var org = caller.AuthorizeOrg(state, body.Oid, Permission(body.Stream));
        var answer = new Dictionary<string, object?>
        {
            ["query"] = body.Query ?? string.Empty,
            ["startTime"] = body.StartText,
            ["endTime"] = body.EndText,
        };
        long events = 0;
        try
        {
            var lcql = LcqlQuery.Parse(body.Query);
            events = InScope(Segments(state, org.Oid, body.Stream, lcql), body.StartMs, body.EndMs);
        }
        catch (LcqlException e)
        {
            answer["error"] = e.Message;
        }

        answer["estimatedPrice"] = Price(events);
        answer["stats"] = new Dictionary<string, object>
        {
            ["batchesInScope"] = Batches(events),
            ["eventsInScope"] = events,
            ["bytesInScope"] = events * BytesPerEvent,
        };
        return EmulatorJson.Ok(answer);
    }

    /// <summary><c>POST /v1/search</c>: <c>{"queryId"}</c>; 400 for invalid LCQL, 429 when the org's slots are all held.</summary>
    private static async Task<IResult> Submit(HttpContext context, Caller caller, EmulatorState state)
    {
        var body = await ReadBodyAsync(context);
        var org = caller.AuthorizeOrg(state, body.Oid, Permission(body.Stream));
        LcqlQuery lcql;
        try
        {
            lcql = LcqlQuery.Parse(body.Query);
        }
        catch (LcqlException e)
        {
            throw EmulatorException.BadRequest(e.Message);
        }

        var segments = Segments(state, org.Oid, body.Stream, lcql);
        var query = state.AddSearch(
            id => new SearchQuery(id, org.Oid, body.Query!, lcql, body.Stream, body.StartMs, body.EndMs, caller.Ident,
                context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null, state.Time.GetUtcNow())
            {
                Segments = segments,
                EventsInScope = InScope(segments, body.StartMs, body.EndMs),
            },
            org.Oid);
        return EmulatorJson.Ok(new Dictionary<string, string> { ["queryId"] = query.QueryId });
    }

    /// <summary>
    /// <c>GET /v1/search/{queryId}[?token=]</c>: the first <see cref="SearchSettings.PendingPolls"/> polls of each page answer
    /// <c>completed: false</c> with <c>nextPollInMs</c>; then the page. 404 for an unknown, cancelled or deleted query.
    /// </summary>
    private static IResult Poll(string queryId, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var query = RequireQuery(caller, state, queryId);
        var settings = state.SearchSettings;
        var token = parameters.GetNonEmpty("token")?.Trim() ?? string.Empty;
        var now = state.Time.GetUtcNow();
        lock (query.Gate)
        {
            if (query.State == "cancelled" || query.Released)
            {
                throw EmulatorException.NotFound($"query {query.QueryId} was {(query.State == "cancelled" ? "cancelled" : "deleted")}");
            }

            query.LastActivityAt = now;
            query.StartedAt ??= now;
            var polls = query.Polls[token] = query.Polls.GetValueOrDefault(token) + 1;
            if (polls <= settings.PendingPolls && !query.CompletedPages.Contains(token))
            {
                query.State = "executing";
                return EmulatorJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteBoolean("completed", false);
                    json.WriteNumber("nextPollInMs", settings.PollIntervalMs);
                    json.WriteStartArray("results");
                    json.WriteEndArray();
                    WriteStats(json, "stats", query, done: false);
                    json.WriteEndObject();
                });
            }

            var (rows, next) = Page(state, query, token, settings.ResultsPerPage);
            if (query.CompletedPages.Add(token))
            {
                query.EventsMatched += rows.Count;
            }

            query.HasMorePages = next.Length > 0;
            query.State = next.Length > 0 ? "idle" : "completed";

            return EmulatorJson.Write(json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("completed", true);
                json.WriteNumber("nextPollInMs", 0);
                json.WriteStartArray("results");
                json.WriteStartObject();
                json.WriteString("type", "events");
                json.WriteStartArray("rows");
                foreach (var row in rows)
                {
                    json.WriteRawValue(row, skipInputValidation: true);
                }

                json.WriteEndArray();
                if (next.Length > 0)
                {
                    json.WriteString("nextToken", next);
                }

                WriteStats(json, "stats", query, done: next.Length == 0);
                json.WriteEndObject();
                json.WriteEndArray();
                WriteStats(json, "stats", query, done: next.Length == 0);
                json.WriteEndObject();
            });
        }
    }

    /// <summary><c>DELETE /v1/search/{queryId}</c>: cancels an unfinished query, releases a finished one; either way frees its slot.</summary>
    private static IResult Cancel(string queryId, Caller caller, EmulatorState state)
    {
        var query = RequireQuery(caller, state, queryId);
        state.CancelSearch(query.QueryId);
        return EmulatorJson.Ok(new Dictionary<string, object> { ["queryId"] = query.QueryId, ["state"] = query.State });
    }

    /// <summary><c>GET /v1/search/{oid}/queries</c>: the org's queries holding a slot (<c>state</c> all/executing/idle/completed, <c>limit</c> ≤ 200, <c>offset</c>).</summary>
    private static IResult Queries(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.evt.get");
        var filter = (parameters.GetNonEmpty("state") ?? "all").Trim().ToLowerInvariant();
        if (filter is not ("all" or "executing" or "idle" or "completed"))
        {
            throw EmulatorException.BadRequest("state must be all, executing, idle or completed");
        }

        var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? 50, 1, 200);
        var offset = (int)Math.Max(0, parameters.GetInt64("offset") ?? 0);
        var open = state.SearchQueries.Where(q => q.Oid == org.Oid && state.HoldsSlot(q)).ToList();
        var selected = open.Where(q => filter == "all" || q.State == filter).ToList();
        var page = selected.Skip(offset).Take(limit).ToList();
        var now = state.Time.GetUtcNow();
        return EmulatorJson.Ok(new Dictionary<string, object?>
        {
            ["oid"] = org.Oid,
            ["limit"] = limit,
            ["slotsHeld"] = open.Count,
            ["count"] = page.Count,
            ["truncated"] = offset + page.Count < selected.Count,
            ["queries"] = page.Select(q => QueryView(q, now)).ToList(),
        });
    }

    /// <summary><c>GET /v1/search/{oid}/limits</c>: the service's limits for the org.</summary>
    private static IResult Limits(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.evt.get");
        var settings = state.SearchSettings;
        var slot = (int)EmulatorState.SearchSlotLifetime.TotalSeconds;
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["oid"] = org.Oid,
            ["concurrency"] = new Dictionary<string, object> { ["maxConcurrentQueries"] = settings.MaxConcurrentQueries },
            ["pagination"] = new Dictionary<string, object> { ["resultsPerPage"] = settings.ResultsPerPage, ["maxPageDurationSeconds"] = 30, ["maxCursorBytes"] = 4096 },
            ["retention"] = new Dictionary<string, object> { ["resumableForSeconds"] = slot, ["pageResultsForSeconds"] = slot },
            ["execution"] = new Dictionary<string, object> { ["maxQueryDurationSeconds"] = 1800, ["pollIntervalMs"] = settings.PollIntervalMs },
            ["request"] = new Dictionary<string, object> { ["maxRequestBodyBytes"] = 65536 },
            ["capabilities"] = new Dictionary<string, object> { ["openQueryListing"] = true },
        });
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static string Permission(string stream) => stream switch
    {
        "detect" => "insight.det.get",
        "audit" => "audit.get",
        _ => "insight.evt.get",
    };

    /// <summary>The query, provided the caller may read its org: 404 when unknown or invisible, 401 without the permission.</summary>
    private static SearchQuery RequireQuery(Caller caller, EmulatorState state, string queryId)
    {
        var query = state.FindSearch(queryId);
        if (query is null || caller.PermissionsFor(query.Oid) is null)
        {
            throw EmulatorException.NotFound("query not found");
        }

        caller.RequirePermission(query.Oid, Permission(query.Stream));
        return query;
    }

    private static async Task<SearchBody> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        }
        catch (JsonException e)
        {
            throw EmulatorException.BadRequest($"invalid JSON body: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw EmulatorException.BadRequest("the body must be a JSON object");
            }

            var oid = Text(root, "oid") ?? throw EmulatorException.BadRequest("oid is required");
            var startText = Text(root, "startTime") ?? throw EmulatorException.BadRequest("startTime is required (Unix seconds)");
            var endText = Text(root, "endTime") ?? throw EmulatorException.BadRequest("endTime is required (Unix seconds)");
            if (!long.TryParse(startText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(endText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var end)
                || start < 0 || end > 253_402_300_799L || start > end)
            {
                throw EmulatorException.BadRequest("startTime and endTime must be Unix seconds with startTime <= endTime");
            }

            var stream = (Text(root, "stream") ?? "event").Trim().ToLowerInvariant() switch
            {
                "" or "event" or "events" => "event",
                "detect" or "detection" or "detections" => "detect",
                "audit" => "audit",
                var other => throw EmulatorException.BadRequest($"invalid stream '{other}': expected event, detect or audit"),
            };
            return new SearchBody(oid, Text(root, "query"), start * 1000, end * 1000, stream, startText, endText);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>What a query searches: the telemetry of the selected sensors, or the org's detections / audit.</summary>
    private static IReadOnlyList<InsightSegment> Segments(EmulatorState state, string oid, string stream, LcqlQuery lcql)
    {
        switch (stream)
        {
            case "detect":
                return state.Detections(oid);
            case "audit":
                return state.Audit(oid);
            default:
                var now = state.Time.GetUtcNow();
                return state.Sensors(oid).Where(s => lcql.Selector.Matches(s, now))
                    .SelectMany(s => state.Telemetry(s.Sid)).ToList();
        }
    }

    private static long InScope(IReadOnlyList<InsightSegment> segments, long startMs, long endMs) =>
        segments.Sum(s => Math.Max(0, s.LowerBound(endMs) - s.LowerBound(startMs)));

    private static long Batches(long events) => (events + EventsPerBatch - 1) / EventsPerBatch;

    private static Dictionary<string, object> Price(long events) =>
        new() { ["value"] = Math.Round(events * PricePerEvent, 6), ["currency"] = "USD" };

    /// <summary>One page of rows (raw JSON) from <paramref name="token"/>, and the token of the next page (<c>""</c> at the end).</summary>
    private static (List<byte[]> Rows, string Next) Page(EmulatorState state, SearchQuery query, string token, int limit)
    {
        var lcql = query.Lcql;
        var now = state.Time.GetUtcNow();
        var matched = new Dictionary<(InsightSegment, long), byte[]>();
        long scanned = 0;
        var sensors = new Dictionary<string, Sensor?>(StringComparer.Ordinal);
        Sensor? SensorOf(string sid) => sensors.TryGetValue(sid, out var s) ? s : sensors[sid] = state.FindSensor(sid);
        bool Selected(SensorRef? sensor) =>
            ReferenceEquals(lcql.Selector, Selectors.SensorSelector.All)
            || (sensor is not null && SensorOf(sensor.Sid) is { } s && lcql.Selector.Matches(s, now));

        // A row as the SDK reads it (commands/search.py): {"mtd": {"ts": <ms>, "stream": ...}, "data": <the record>}.
        byte[] SearchRow(InsightSegment segment, long i, Action<Utf8JsonWriter> writeRecord) => Bytes(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("mtd");
            json.WriteNumber("ts", segment.TimeOf(i));
            json.WriteString("stream", query.Stream);
            json.WriteEndObject();
            json.WritePropertyName("data");
            writeRecord(json);
            json.WriteEndObject();
        });

        byte[]? Row(InsightSegment segment, long i)
        {
            switch (segment)
            {
                case TelemetrySegment t when lcql.MatchesType(t.EventTypeOf(i)):
                    var sensor = SensorOf(t.Sid);
                    if (sensor is null)
                    {
                        return null;
                    }

                    var tags = InsightEndpoints.ActiveTags(state, sensor);
                    return SearchRow(t, i, json => InsightEndpoints.WriteTelemetry(json, query.Oid, SensorRef.From(sensor), tags, t, i));
                case DetectionSegment d when lcql.MatchesType(d.CategoryOf(i)) && Selected(d.SensorOf(i)):
                    return SearchRow(d, i, json => InsightEndpoints.WriteDetection(json, d, i));
                case AuditSegment a when lcql.MatchesType(a.EventTypeOf(i)) && Selected(a.SensorOf(i)):
                    return SearchRow(a, i, json => InsightEndpoints.WriteAudit(json, a, i));
                default:
                    return null;
            }
        }

        var page = InsightPager.Page(query.Segments, query.StartMs, query.EndMs, forward: true, limit, token.Length == 0 ? null : token, (segment, i) =>
        {
            scanned++;
            var row = Row(segment, i);
            if (row is null)
            {
                return false;
            }

            if (lcql.Filter is not null)
            {
                using var doc = JsonDocument.Parse(row);
                if (!lcql.Filter(doc.RootElement.GetProperty("data")))
                {
                    return false;
                }
            }

            matched[(segment, i)] = row;
            return true;
        });
        if (!query.CompletedPages.Contains(token))
        {
            query.EventsScanned += scanned;
        }

        return (page.Items.Select(item => matched[(item.Segment, item.Index)]).ToList(), page.NextCursor);
    }

    private static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, EmulatorJson.WireWriter))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStats(Utf8JsonWriter json, string name, SearchQuery query, bool done)
    {
        var batches = Batches(query.EventsInScope);
        var scanned = Math.Min(query.EventsScanned, query.EventsInScope);
        json.WriteStartObject(name);
        json.WriteStartObject("cumulativeStats");
        json.WriteNumber("batchesInScope", batches);
        json.WriteNumber("batchesCompleted", done || query.EventsInScope == 0 ? batches : batches * scanned / query.EventsInScope);
        json.WriteNumber("bytesScanned", scanned * BytesPerEvent);
        json.WriteNumber("eventsScanned", scanned);
        json.WriteNumber("billedEvents", scanned);
        json.WriteNumber("freeEvents", 0);
        json.WriteNumber("eventsMatched", query.EventsMatched);
        json.WriteStartObject("estimatedPrice");
        json.WriteNumber("amount", Math.Round(scanned * PricePerEvent, 6));
        json.WriteString("currency", "USD");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static Dictionary<string, object?> QueryView(SearchQuery q, DateTimeOffset now)
    {
        lock (q.Gate)
        {
            var batches = Batches(q.EventsInScope);
            var scanned = Math.Min(q.EventsScanned, q.EventsInScope);
            return new Dictionary<string, object?>
            {
                ["queryId"] = q.QueryId,
                ["state"] = q.State,
                ["holdsSlot"] = true,
                ["page"] = q.PagesCompleted + 1,
                ["query"] = q.Text,
                ["stream"] = q.Stream,
                ["startTime"] = (q.StartMs / 1000).ToString(CultureInfo.InvariantCulture),
                ["endTime"] = (q.EndMs / 1000).ToString(CultureInfo.InvariantCulture),
                ["submittedBy"] = q.SubmittedBy,
                ["userAgent"] = q.UserAgent,
                ["submittedAt"] = q.SubmittedAt.ToString("O", CultureInfo.InvariantCulture),
                ["startedAt"] = q.StartedAt?.ToString("O", CultureInfo.InvariantCulture),
                ["runningForMs"] = (long)(now - (q.StartedAt ?? q.SubmittedAt)).TotalMilliseconds,
                ["lastActivityAt"] = q.LastActivityAt.ToString("O", CultureInfo.InvariantCulture),
                ["pagesCompleted"] = q.PagesCompleted,
                ["hasMorePages"] = q.HasMorePages,
                ["batchesCompleted"] = q.EventsInScope == 0 ? 0 : batches * scanned / q.EventsInScope,
                ["batchesInScope"] = batches,
                ["progressPercent"] = q.EventsInScope == 0 ? 0 : Math.Round(100.0 * scanned / q.EventsInScope, 1),
                ["eventsScanned"] = scanned,
                ["billedEvents"] = scanned,
                ["slotExpiresAt"] = (q.LastActivityAt + EmulatorState.SearchSlotLifetime).ToString("O", CultureInfo.InvariantCulture),
                ["resumableUntil"] = (q.LastActivityAt + EmulatorState.SearchSlotLifetime).ToString("O", CultureInfo.InvariantCulture),
            };
        }
    }
}
