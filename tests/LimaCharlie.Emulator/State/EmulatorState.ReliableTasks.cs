using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// The reliable-tasking service: tasks kept per org until their sensor is online (then sent and answered like any
/// task) or their time to live runs out.
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>The service's default time to live: one week (the extension's documentation).</summary>
    public static readonly TimeSpan DefaultReliableTtl = TimeSpan.FromDays(7);

    private readonly Lock _reliableGate = new();
    private readonly List<ReliableTaskRecord> _reliableTasks = [];

    /// <summary>Takes a task for a sensor of <paramref name="oid"/>: sent at once when it is online, else kept. 404 for an unknown sensor.</summary>
    public ReliableTaskRecord AddReliableTask(string oid, string sid, string command, string? investigationId, TimeSpan? ttl, string by)
    {
        var sensor = FindSensor(sid);
        if (sensor is null || sensor.Oid != oid)
        {
            throw SensorNotFound();
        }

        var now = Time.GetUtcNow();
        var task = new ReliableTaskRecord(
            Guid.NewGuid().ToString(), oid, sensor.Sid, command, investigationId,
            (long)(ttl ?? DefaultReliableTtl).TotalSeconds, now, by);
        if (sensor.IsOnline)
        {
            Deliver(sensor, task);
        }
        else
        {
            lock (_reliableGate)
            {
                _reliableTasks.Add(task);
            }
        }

        return task;
    }

    /// <summary>The tasks still held for the org (for one sensor when <paramref name="sid"/> is given), oldest first; expired ones are dropped.</summary>
    public IReadOnlyList<ReliableTaskRecord> ReliableTasks(string oid, string? sid = null)
    {
        var now = Time.GetUtcNow();
        lock (_reliableGate)
        {
            _reliableTasks.RemoveAll(t => t.Expires <= now);
            return _reliableTasks.Where(t => t.Oid == oid && (sid is null || t.Sid == sid)).ToList();
        }
    }

    /// <summary>Cancels a held task; false when the sensor holds no task with that id.</summary>
    public bool RemoveReliableTask(string oid, string sid, string taskId)
    {
        lock (_reliableGate)
        {
            return _reliableTasks.RemoveAll(t => t.Oid == oid && t.Sid == sid && t.TaskId == taskId) > 0;
        }
    }

    private void ResetReliableTasks()
    {
        lock (_reliableGate)
        {
            _reliableTasks.Clear();
        }

        ResetTaskAnswers();
    }

    /// <summary>Sends the tasks held for a sensor that came online, oldest first.</summary>
    private void DeliverReliableTasks(Sensor sensor)
    {
        List<ReliableTaskRecord> due;
        var now = Time.GetUtcNow();
        lock (_reliableGate)
        {
            due = _reliableTasks.Where(t => t.Sid == sensor.Sid && t.Expires > now).ToList();
            _reliableTasks.RemoveAll(t => t.Sid == sensor.Sid);
        }

        foreach (var task in due)
        {
            Deliver(sensor, task);
        }
    }

    private void Deliver(Sensor sensor, ReliableTaskRecord task)
    {
        RecordTasks(sensor.Sid, [task.Command], task.InvestigationId, null, task.By);
        AnswerTasks(sensor, [task.Command], task.InvestigationId);
    }
}

/// <summary>A task the reliable-tasking service holds.</summary>
/// <param name="TtlSeconds">How long it is kept from <paramref name="Created"/>.</param>
public sealed record ReliableTaskRecord(
    string TaskId,
    string Oid,
    string Sid,
    string Command,
    string? InvestigationId,
    long TtlSeconds,
    DateTimeOffset Created,
    string By)
{
    public DateTimeOffset Expires => Created.AddSeconds(TtlSeconds);

    /// <summary>The record as the service lists it (a guess: the SDK only prints it): <c>task_id, sid, task, inv_id, ttl, created, expires</c> (seconds).</summary>
    public JsonObject ToWire()
    {
        var wire = new JsonObject
        {
            ["task_id"] = TaskId,
            ["sid"] = Sid,
            ["task"] = Command,
            ["ttl"] = TtlSeconds,
            ["created"] = Created.ToUnixTimeSeconds(),
            ["expires"] = Expires.ToUnixTimeSeconds(),
        };
        if (InvestigationId is not null)
        {
            wire["inv_id"] = InvestigationId;
        }

        return wire;
    }
}
