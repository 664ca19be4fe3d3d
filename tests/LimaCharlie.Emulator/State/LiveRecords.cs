using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Where records the emulator makes itself (a sensor's answers to tasks) go to reach an org's live stream:
/// <paramref name="type"/> is the stream's <c>type</c> (event, detect, audit...).
/// </summary>
public interface ILiveRecordSink
{
    void Publish(string oid, string type, JsonObject record);
}

/// <summary>
/// The sink every emulator starts with: keeps the last <see cref="Capacity"/> records per org, in order, for
/// <c>GET /_emu/orgs/{oid}/liverecords</c>, and hands each on to <see cref="Next"/> (the live stream) when one is set.
/// </summary>
public sealed class RecordedLiveRecords : ILiveRecordSink
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Type, JsonObject Record)>> _records = new(StringComparer.Ordinal);

    public ILiveRecordSink? Next { get; set; }

    public void Publish(string oid, string type, JsonObject record)
    {
        var queue = _records.GetOrAdd(oid, _ => new());
        queue.Enqueue((type, (JsonObject)record.DeepClone()));
        while (queue.Count > Capacity && queue.TryDequeue(out _))
        {
        }

        Next?.Publish(oid, type, record);
    }

    /// <summary>The org's records of <paramref name="type"/> (all types when null), oldest first (copies).</summary>
    public IReadOnlyList<JsonObject> Records(string oid, string? type = null) =>
        _records.TryGetValue(oid, out var queue)
            ? queue.Where(r => type is null || r.Type == type).Select(r => (JsonObject)r.Record.DeepClone()).ToList()
            : [];

    public void Clear(string oid) => _records.TryRemove(oid, out _);

    public void Clear() => _records.Clear();
}
