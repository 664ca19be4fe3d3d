using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// The records of a cursor-paged listing (sensors, Insight history, artifacts), parsed one page at a time. Once the
    /// caller has taken half of a page, the next page is asked for, so the network and the server work while the caller
    /// works; a caller that stops early (<c>Select-Object -First</c>) causes no extra request, and at most two pages are
    /// held at once.
    /// </summary>
    internal static class CursorPaging
    {
        /// <param name="firstCursor">The cursor of the first page (null when the first request has none).</param>
        /// <param name="request">The request of the page at a cursor.</param>
        /// <param name="nextCursorField">The answer's field naming the next page's cursor; empty or absent on the last page.</param>
        /// <param name="openRecords">The page's list of records (decompressed), or null when the page has none.</param>
        /// <param name="limit">Most records to return; 0 = all.</param>
        public static async IAsyncEnumerable<T> RecordsAsync<T>(LcConnection connection, string? firstCursor, Func<string?, LcRequest> request,
            string nextCursorField, Func<JsonElement, LcRequest, JsonDocument?> openRecords, Func<JsonElement, T> parse, long limit,
            ILcLog log, [EnumeratorCancellation] CancellationToken ct)
        {
            using var stopNext = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var pageRequest = request(firstCursor);
            Task<JsonElement>? next = connection.SendAsync(pageRequest, log, stopNext.Token);
            long count = 0;
            try
            {
                while (next is not null)
                {
                    var answer = await next.ConfigureAwait(false);
                    next = null;
                    (log as IPageObserver)?.PageReceived();
                    var cursor = answer.String(nextCursorField);
                    using var records = openRecords(answer, pageRequest);
                    var items = records?.RootElement.GetArrayLength() ?? 0;
                    var prefetchAt = items / 2;
                    var index = 0;
                    if (records is not null)
                    {
                        foreach (var item in records.RootElement.EnumerateArray())
                        {
                            if (index++ == prefetchAt && !string.IsNullOrEmpty(cursor) && (limit <= 0 || count + items - prefetchAt < limit))
                            {
                                pageRequest = request(cursor);
                                next = connection.SendAsync(pageRequest, log, stopNext.Token);
                            }
                            yield return parse(item);
                            if (limit > 0 && ++count >= limit) yield break;
                        }
                    }
                    if (next is null && !string.IsNullOrEmpty(cursor) && (limit <= 0 || count < limit))
                    {
                        pageRequest = request(cursor);
                        next = connection.SendAsync(pageRequest, log, stopNext.Token);
                    }
                }
            }
            finally
            {
                if (next is not null)
                {
                    stopNext.Cancel();
                    try { await next.ConfigureAwait(false); }
                    catch (Exception) { /* the caller stopped; the page it no longer wants may fail as it likes */ }
                }
            }
        }

        /// <summary>The records in the first of <paramref name="fields"/> that the answer holds (compressed or not), or null.</summary>
        public static JsonDocument? OpenFirst(JsonElement answer, LcRequest request, params string[] fields)
        {
            foreach (var field in fields)
                if (answer.TryProperty(field, out var items)) return CompressedJson.OpenArray(items, "/" + request.Path);
            return null;
        }
    }
}
