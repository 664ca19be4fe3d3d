using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>An LCQL search: the query text, its time window and stream, and how many rows to return at most.</summary>
    public sealed class SearchRequest
    {
        public string Query { get; set; } = string.Empty;
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        /// <summary><c>event</c> (default), <c>detect</c> or <c>audit</c>.</summary>
        public string Stream { get; set; } = SearchApi.EventStream;
        /// <summary>Most rows to return; 0 = all.</summary>
        public long Limit { get; set; }
    }

    /// <summary>
    /// LCQL search on the org's regional search service (reference §3.13): the host comes from <c>url.search</c> of
    /// <c>GET /v1/orgs/{oid}/url</c>; a query is submitted, polled (honouring <c>nextPollInMs</c>) page by page
    /// (<c>nextToken</c> inside the last result item), and cancelled on the server when the caller stops early.
    /// </summary>
    public sealed class SearchApi : OrganizationArea
    {
        internal SearchApi(LcOrganizationClient owner) : base(owner) { }

        public const string Service = "search";
        public const string EventStream = "event";
        public const string DetectStream = "detect";
        public const string AuditStream = "audit";

        /// <summary>How long the cancel request may take; it runs after the caller's token is already cancelled.</summary>
        public static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan DefaultPollDelay = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(30);

        private static readonly Regex RelativeRangePattern = new(@"^\s*-\s*(\d+)\s*(s|m|h|d|w)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The window of a query whose time range (first part) is relative, such as <c>-24h</c> or <c>-7d</c>; else null.</summary>
        public static TimeSpan? RelativeRange(string? query)
        {
            if (string.IsNullOrEmpty(query)) return null;
            var bar = query!.IndexOf('|');
            var match = RelativeRangePattern.Match(bar < 0 ? query : query.Substring(0, bar));
            if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
                return null;
            var unit = match.Groups[2].Value.ToLowerInvariant();
            var seconds = unit switch { "s" => 1L, "m" => 60L, "h" => 3600L, "d" => 86400L, _ => 7 * 86400L };
            return n > TimeSpan.MaxValue.TotalSeconds / seconds / 2 ? null : TimeSpan.FromSeconds(n * seconds);
        }

        /// <summary>Checks a query without running it (<c>POST /v1/search/validate</c>): its price and scope, or its error.</summary>
        public async Task<QueryEstimate> ValidateAsync(SearchRequest search, CancellationToken ct)
        {
            var oid = OrganizationId;
            var root = await Connection.Services.RootAsync(oid, Service, Log, ct).ConfigureAwait(false);
            var request = Post(root, oid, "v1/search/validate", Body(oid, search, paginated: false));
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var error = answer.String("error");
            if (!string.IsNullOrWhiteSpace(error)) throw InvalidQuery(request, error!);
            var stats = answer.TryProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : JsonValues.EmptyObject;
            var price = answer.TryProperty("estimatedPrice", out var p) ? p : JsonValues.EmptyObject;
            return new QueryEstimate
            {
                OrganizationId = oid,
                Query = search.Query,
                Stream = search.Stream,
                Start = search.Start,
                End = search.End,
                Price = Decimal(price, "value"),
                Currency = price.String("currency"),
                BatchesInScope = stats.Long("batchesInScope") ?? 0,
                EventsInScope = stats.Long("eventsInScope") ?? 0,
                BytesInScope = stats.Long("bytesInScope") ?? 0,
                Stats = (IDictionary<string, object?>)JsonValues.ToObject(stats)!,
            };
        }

        /// <summary>
        /// Runs a query and yields its rows as they arrive: <see cref="Event"/>s, <see cref="Detection"/>s or
        /// <see cref="AuditEntry"/>s by stream, and a <see cref="JsonElement"/> for a row of another shape (projections).
        /// Facet and timeline results are reported with -Verbose, not yielded. Unless the query ran to its end, the query
        /// is deleted on the server when the enumeration ends, as the official SDK does: a query stopped early is cancelled, and a
        /// finished one releases its concurrency slot, which the service may otherwise keep until the query expires.
        /// </summary>
        public async IAsyncEnumerable<object> RunAsync(SearchRequest search, [EnumeratorCancellation] CancellationToken ct)
        {
            var oid = OrganizationId;
            var root = await Connection.Services.RootAsync(oid, Service, Log, ct).ConfigureAwait(false);
            var queryId = await SubmitAsync(root, oid, search, ct).ConfigureAwait(false);
            var finished = false;
            try
            {
                string? token = null;
                long count = 0;
                var page = 1;
                while (true)
                {
                    var poll = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "search", queryId), TokenTarget.Organization(oid)) { Root = root }
                        .WithQuery("token", token);
                    var answer = await Connection.SendAsync(poll, Log, ct).ConfigureAwait(false);
                    var error = answer.String("error");
                    if (!string.IsNullOrWhiteSpace(error))
                        throw new LcApiException($"The search service reports that query {queryId} failed: {error}", 200, error, "GET", "/" + poll.Path,
                            ErrorIds.QueryFailed);
                    if (answer.Bool("completed") != true)
                    {
                        await Task.Delay(PollDelay(answer), ct).ConfigureAwait(false);
                        continue;
                    }

                    var results = answer.TryProperty("results", out var r) && r.ValueKind == JsonValueKind.Array ? r : default;
                    string? next = null;
                    var rows = new List<JsonElement>();
                    if (results.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in results.EnumerateArray())
                        {
                            next = item.String("nextToken");
                            var type = item.String("type") ?? "events";
                            if (type == "events" && item.TryProperty("rows", out var items) && items.ValueKind == JsonValueKind.Array)
                                rows.AddRange(items.EnumerateArray());
                            else if (type != "events")
                                Log.Verbose($"Query {queryId}, page {page}: a '{type}' result is not written (run the query in the web app for charts).");
                        }
                    }
                    (Log as IPageObserver)?.PageReceived();
                    Log.Verbose($"Query {queryId}, page {page}: {rows.Count} rows{(string.IsNullOrEmpty(next) ? ", the last page" : string.Empty)}.");
                    Report(answer, queryId, Log);

                    for (var i = 0; i < rows.Count; i++)
                    {
                        var atLimit = search.Limit > 0 && ++count >= search.Limit;
                        // The limit on the very last row is still a natural end: nothing is left to cancel.
                        if (atLimit && i == rows.Count - 1 && string.IsNullOrEmpty(next)) finished = true;
                        yield return Parse(rows[i], search.Stream, oid);
                        if (atLimit) yield break;
                    }

                    if (string.IsNullOrEmpty(next))
                    {
                        finished = true;
                        yield break;
                    }
                    token = next;
                    page++;
                }
            }
            finally
            {
                await DeleteAsync(root, oid, queryId, finished).ConfigureAwait(false);
            }
        }

        private async Task<string> SubmitAsync(Uri root, Guid oid, SearchRequest search, CancellationToken ct)
        {
            var request = Post(root, oid, "v1/search", Body(oid, search, paginated: true));
            JsonElement answer;
            try
            {
                answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.StatusCode is 400 or 422)
            {
                throw InvalidQuery(request, e.ApiMessage ?? e.Message, e.Retries);
            }
            var error = answer.String("error");
            if (!string.IsNullOrWhiteSpace(error)) throw InvalidQuery(request, error!);
            var queryId = answer.String("queryId") ?? answer.String("query_id");
            if (string.IsNullOrWhiteSpace(queryId))
                throw ApiErrors.InvalidResponse("POST", "/" + request.Path, 200, "it names no queryId", answer.GetRawText());
            Log.Verbose($"Query {queryId} submitted ({search.Stream} stream, {search.Start:u} to {search.End:u}).");
            return queryId!;
        }

        /// <summary>Deletes the query with a fresh token, since the caller's may be cancelled already; never throws.</summary>
        private async Task DeleteAsync(Uri root, Guid oid, string queryId, bool finished)
        {
            using var timeout = new CancellationTokenSource(CancelTimeout);
            try
            {
                var request = new LcRequest(HttpMethod.Delete, LcRequest.PathOf("v1", "search", queryId), TokenTarget.Organization(oid)) { Root = root };
                await Connection.SendAsync(request, Log, timeout.Token).ConfigureAwait(false);
                Log.Verbose(finished ? $"Query {queryId} released on the server." : $"Query {queryId} cancelled on the server.");
            }
            catch (Exception e)
            {
                Log.Verbose($"Query {queryId} could not be deleted on the server ({e.Message}); it ends by itself.");
            }
        }

        private static LcRequest Post(Uri root, Guid oid, string path, string json) =>
            new(HttpMethod.Post, path, TokenTarget.Organization(oid)) { Root = root, Json = json };

        private static string Body(Guid oid, SearchRequest search, bool paginated)
        {
            var body = new Dictionary<string, object>
            {
                ["oid"] = oid.ToString(),
                ["query"] = search.Query,
                ["startTime"] = search.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["endTime"] = search.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["stream"] = search.Stream,
            };
            if (paginated) body["paginated"] = true;
            return JsonSerializer.Serialize(body);
        }

        private static LcApiException InvalidQuery(LcRequest request, string error, int retries = 0) =>
            new($"The search service refused the query: {error}", 400, error, request.Method.Method, "/" + request.Path, ErrorIds.InvalidQuery,
                retries: retries);

        private static TimeSpan PollDelay(JsonElement answer)
        {
            var ms = answer.Long("nextPollInMs");
            if (ms is null) return DefaultPollDelay;
            var delay = TimeSpan.FromMilliseconds(Math.Max(0, ms.Value));
            return delay > MaxPollDelay ? MaxPollDelay : delay;
        }

        private static void Report(JsonElement answer, string queryId, ILcLog log)
        {
            if (!answer.TryProperty("stats", out var stats) || !stats.TryProperty("cumulativeStats", out var c)) return;
            // The official CLI reads the running price as `amount` (commands/search.py); validation answers name it `value`.
            var price = c.TryProperty("estimatedPrice", out var p) ? $", estimated price {p.String("amount") ?? p.String("value")} {p.String("currency")}" : string.Empty;
            var matched = c.Long("eventsMatched") is { } m ? $", {m} matched" : string.Empty;
            log.Verbose($"Query {queryId} so far: {c.Long("eventsScanned") ?? 0} events scanned{matched}, {c.Long("billedEvents") ?? 0} billed{price}.");
        }

        /// <summary>
        /// A result row, <c>{"mtd": {"ts", "stream"}, "data": {record}}</c> as the official SDK reads it, typed by its
        /// stream; a row without <c>data</c> is taken as the bare record.
        /// </summary>
        private static object Parse(JsonElement row, string stream, Guid oid)
        {
            if (row.TryProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                if (row.TryProperty("mtd", out var mtd) && mtd.String("stream") is { Length: > 0 } rowStream) stream = rowStream;
                row = data;
            }
            switch (stream)
            {
                case DetectStream when row.TryProperty("detect_id", out _) || row.TryProperty("cat", out _):
                    return InsightApi.ParseDetection(row, oid);
                case AuditStream when row.TryProperty("etype", out _):
                    return InsightApi.ParseAudit(row, oid);
                case EventStream when row.TryProperty("routing", out var routing) && routing.ValueKind == JsonValueKind.Object:
                    return InsightApi.ParseEvent(row, oid);
                default:
                    return row.Clone();
            }
        }

        private static decimal Decimal(JsonElement element, string name)
        {
            if (!element.TryProperty(name, out var v)) return 0;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
            return decimal.TryParse(JsonRead.AsString(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>LCQL queries through the search service.</summary>
            public SearchApi Search => new(organization);
        }
    }
}
