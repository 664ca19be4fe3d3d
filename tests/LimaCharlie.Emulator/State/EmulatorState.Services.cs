using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// The org's other service hosts, served by the third listener (<see cref="ServicesUrl"/>): cases (one numbered list per
/// org), replay, the live stream and installer downloads; and cloud-security findings exported as CSV by the API host.
/// </summary>
public sealed partial class EmulatorState
{
    public static readonly IReadOnlyList<string> CaseSeverities = ["critical", "high", "medium", "low", "info"];

    public static readonly IReadOnlyList<string> CaseStatuses = ["new", "in_progress", "resolved", "closed"];

    private readonly ConcurrentDictionary<string, List<JsonObject>> _cases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _findings = new(StringComparer.Ordinal);

    /// <summary>
    /// Root of the third listener, e.g. <c>http://127.0.0.1:41236/</c>: <c>url.replay</c> and <c>url.cases</c> of
    /// <c>GET /v1/orgs/{oid}/url</c>, and the stream and downloads hosts a session is pointed at.
    /// </summary>
    public Uri? ServicesUrl { get; internal set; }

    /// <summary>Opens a case numbered 1, 2... in its org, status <c>new</c>.</summary>
    public JsonObject CreateCase(string oid, string? summary, string? severity, string by)
    {
        var org = StoreFor(oid);
        severity ??= "medium";
        if (!CaseSeverities.Contains(severity))
        {
            throw EmulatorException.BadRequest($"invalid severity '{severity}': one of {string.Join(", ", CaseSeverities)}");
        }

        var list = _cases.GetOrAdd(org.Oid, _ => []);
        lock (list)
        {
            var now = Time.GetUtcNow().ToString("O");
            var made = new JsonObject
            {
                ["case_number"] = list.Count + 1,
                ["oid"] = org.Oid,
                ["status"] = "new",
                ["severity"] = severity,
                ["summary"] = summary ?? string.Empty,
                ["classification"] = "pending",
                ["assignees"] = new JsonArray(),
                ["tags"] = new JsonArray(),
                ["created_by"] = by,
                ["created_at"] = now,
                ["updated_at"] = now,
                ["notes"] = new JsonArray(),
            };
            list.Add(made);
            return (JsonObject)made.DeepClone();
        }
    }

    /// <summary>The org's cases, newest first (copies).</summary>
    public IReadOnlyList<JsonObject> Cases(string oid)
    {
        if (!_cases.TryGetValue(oid, out var list))
        {
            return [];
        }

        lock (list)
        {
            return list.AsEnumerable().Reverse().Select(c => (JsonObject)c.DeepClone()).ToList();
        }
    }

    /// <summary>Changes a case under its org's lock and returns a copy; 404 when the org has no such number.</summary>
    public JsonObject ChangeCase(string oid, int number, Action<JsonObject> change)
    {
        var list = _cases.TryGetValue(oid, out var found) ? found : [];
        lock (list)
        {
            if (number < 1 || number > list.Count)
            {
                throw EmulatorException.NotFound($"case {number} not found");
            }

            var item = list[number - 1];
            change(item);
            item["updated_at"] = Time.GetUtcNow().ToString("O");
            return (JsonObject)item.DeepClone();
        }
    }

    public JsonObject FindCase(string oid, int number) => ChangeCase(oid, number, _ => { });

    /// <summary>Sets how many cloud-security findings the org has (rows of its CSV export); 0 by default.</summary>
    public int SetFindings(string oid, int count)
    {
        var org = StoreFor(oid);
        if (count is < 0 or > MaxSeedCount)
        {
            throw EmulatorException.BadRequest($"count must be between 0 and {MaxSeedCount}");
        }

        _findings[org.Oid] = count;
        return count;
    }

    public int Findings(string oid) => _findings.GetValueOrDefault(oid);

    private void ResetServices()
    {
        ResetLiveStreams();
        _cases.Clear();
        _findings.Clear();
    }
}
