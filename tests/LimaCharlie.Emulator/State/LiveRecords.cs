using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// The records the emulator made itself for an org's live stream (sensors' answers to tasks): the last
/// <see cref="Capacity"/> per org, in order, for <c>GET /_emu/orgs/{oid}/liverecords</c>. <paramref name="type"/> is the
/// stream's <c>type</c> (event, detect, audit).
/// </summary>
public sealed class RecordedLiveRecords
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Type, JsonObject Record)>> _records = new(StringComparer.Ordinal);

    public void Publish(string oid, string type, JsonObject record)
    {
        var queue = _records.GetOrAdd(oid, _ => new());
        queue.Enqueue((type, (JsonObject)record.DeepClone()));
        while (queue.Count > Capacity && queue.TryDequeue(out _))
        {
        }
    }

    /// <summary>The org's records of <paramref name="type"/> (all types when null), oldest first (copies).</summary>
    public IReadOnlyList<JsonObject> Records(string oid, string? type = null) =>
        _records.TryGetValue(oid, out var queue)
            ? queue.Where(r => type is null || r.Type == type).Select(r => (JsonObject)r.Record.DeepClone()).ToList()
            : [];

    public void Clear(string oid) => _records.TryRemove(oid, out _);

    public void Clear() => _records.Clear();
}
