using System.Collections.Concurrent;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.Search;

namespace LimaCharlie.Emulator.State;

/// <summary>Tunables of the search service (control <c>POST /_emu/settings</c>); reset restores the defaults.</summary>
public sealed record SearchSettings
{
    /// <summary>Rows per result page.</summary>
    public int ResultsPerPage { get; init; } = 1000;

    /// <summary>How many polls of each page answer <c>completed: false</c> before the page is ready.</summary>
    public int PendingPolls { get; init; } = 1;

    /// <summary>The <c>nextPollInMs</c> of a pending answer.</summary>
    public int PollIntervalMs { get; init; } = 100;

    /// <summary>Queries holding a slot per org; one more is refused with 429.</summary>
    public int MaxConcurrentQueries { get; init; } = 10;
}

/// <summary>One submitted LCQL search and its progress; mutated under its own lock.</summary>
public sealed class SearchQuery
{
    internal SearchQuery(string queryId, string oid, string text, LcqlQuery lcql, string stream, long startMs, long endMs,
        string submittedBy, string? userAgent, DateTimeOffset now)
    {
        QueryId = queryId;
        Oid = oid;
        Text = text;
        Lcql = lcql;
        Stream = stream;
        StartMs = startMs;
        EndMs = endMs;
        SubmittedBy = submittedBy;
        UserAgent = userAgent;
        SubmittedAt = now;
        LastActivityAt = now;
    }

    internal Lock Gate { get; } = new();

    public string QueryId { get; }
    public string Oid { get; }
    public string Text { get; }
    internal LcqlQuery Lcql { get; }
    /// <summary><c>event</c>, <c>detect</c> or <c>audit</c>.</summary>
    public string Stream { get; }
    public long StartMs { get; }
    public long EndMs { get; }
    public string SubmittedBy { get; }
    public string? UserAgent { get; }
    public DateTimeOffset SubmittedAt { get; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset LastActivityAt { get; internal set; }

    /// <summary><c>executing</c> (a page is being prepared), <c>idle</c> (a page was delivered, more remain), <c>completed</c>, <c>cancelled</c>.</summary>
    public string State { get; internal set; } = "executing";

    /// <summary>The segments searched, fixed at submission so page tokens stay valid.</summary>
    internal IReadOnlyList<InsightSegment> Segments { get; set; } = [];

    internal Dictionary<string, int> Polls { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> CompletedPages { get; } = new(StringComparer.Ordinal);

    public int PagesCompleted => CompletedPages.Count;
    public bool HasMorePages { get; internal set; } = true;
    public long EventsInScope { get; internal set; }
    public long EventsScanned { get; internal set; }
    public long EventsMatched { get; internal set; }

    /// <summary>Set by <c>DELETE</c>: the query no longer holds a slot, whether it was cancelled or had completed.</summary>
    public bool Released { get; internal set; }

    public bool IsOpen => State is "executing" or "idle";
}

/// <summary>The search service's queries (limacharlie-api.md §3.13).</summary>
public sealed partial class EmulatorState
{
    /// <summary>How long an open query keeps its slot without activity.</summary>
    public static readonly TimeSpan SearchSlotLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, SearchQuery> _searches = new(StringComparer.Ordinal);
    private SearchSettings _searchSettings = new();

    /// <summary>Root URL of the regional search host (the second listener), e.g. <c>http://127.0.0.1:41235/</c>.</summary>
    public Uri? SearchUrl { get; internal set; }

    public SearchSettings SearchSettings
    {
        get => Volatile.Read(ref _searchSettings);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.ResultsPerPage < 1 || value.PendingPolls < 0 || value.PollIntervalMs < 0 || value.MaxConcurrentQueries < 1)
            {
                throw EmulatorException.BadRequest("search settings: resultsPerPage and maxConcurrentQueries must be at least 1, pendingPolls and pollIntervalMs at least 0");
            }

            Volatile.Write(ref _searchSettings, value);
        }
    }

    /// <summary>Every query submitted since the last reset (open, completed and cancelled).</summary>
    public IReadOnlyList<SearchQuery> SearchQueries => _searches.Values.OrderBy(q => q.SubmittedAt).ToList();

    public SearchQuery? FindSearch(string queryId) => _searches.GetValueOrDefault(queryId);

    /// <summary>
    /// Whether the query holds one of its org's concurrency slots now: from submission until it is deleted or left
    /// <see cref="SearchSlotLifetime"/> without a poll. A completed query keeps its slot (its pages can still be read)
    /// until the client deletes it, as the official SDK always does.
    /// </summary>
    public bool HoldsSlot(SearchQuery query)
    {
        lock (query.Gate)
        {
            return !query.Released && query.State != "cancelled" && query.LastActivityAt + SearchSlotLifetime > Time.GetUtcNow();
        }
    }

    /// <summary>Registers a query unless the org already runs <see cref="SearchSettings.MaxConcurrentQueries"/> (429).</summary>
    internal SearchQuery AddSearch(Func<string, SearchQuery> create, string oid)
    {
        lock (_gate)
        {
            var max = SearchSettings.MaxConcurrentQueries;
            var held = _searches.Values.Count(q => q.Oid == oid && HoldsSlot(q));
            if (held >= max)
            {
                throw new EmulatorException(StatusCodes.Status429TooManyRequests, $"too many concurrent queries: {held} of {max} slots held in this organization");
            }

            var query = create(Guid.NewGuid().ToString());
            _searches[query.QueryId] = query;
            return query;
        }
    }

    /// <summary>Cancels an unfinished query and releases any (frees its slot); false when it is unknown.</summary>
    public bool CancelSearch(string queryId)
    {
        if (!_searches.TryGetValue(queryId, out var query))
        {
            return false;
        }

        lock (query.Gate)
        {
            if (query.State != "completed")
            {
                query.State = "cancelled";
            }

            query.Released = true;

            query.LastActivityAt = Time.GetUtcNow();
        }

        return true;
    }

    private void ResetSearch()
    {
        _searches.Clear();
        _searchSettings = new SearchSettings();
    }
}
