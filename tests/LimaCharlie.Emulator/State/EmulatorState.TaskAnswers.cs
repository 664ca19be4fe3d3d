using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

/// <summary>Sensors answering tasks: what an online sensor sends back goes to the org's live stream.</summary>
public sealed partial class EmulatorState
{
    private readonly ConcurrentDictionary<string, int> _answerDelays = new(StringComparer.Ordinal);

    /// <summary>Every record sensors sent in answer to tasks, kept for the control API.</summary>
    public RecordedLiveRecords LiveRecords { get; } = new();

    /// <summary>How long the org's sensors take to answer a task (0 by default: at once, before the tasking call returns).</summary>
    public void SetTaskAnswerDelay(string oid, int milliseconds) => _answerDelays[oid] = Math.Max(0, milliseconds);

    public int TaskAnswerDelay(string oid) => _answerDelays.TryGetValue(oid, out var ms) ? ms : 0;

    /// <summary>
    /// Has <paramref name="sensor"/> answer each command as <see cref="TaskAnswers"/> describes, into its org's live
    /// stream of events (<see cref="PublishLive"/>: connections open at that moment whose filters match get it). An offline
    /// sensor answers nothing. Returns the number of records it will send.
    /// </summary>
    public int AnswerTasks(Sensor sensor, IEnumerable<string> commands, string? investigationId)
    {
        if (!sensor.IsOnline)
        {
            return 0;
        }

        var records = commands.SelectMany(c => TaskAnswers.For(sensor, c, investigationId, Time.GetUtcNow())).ToList();
        var delay = TaskAnswerDelay(sensor.Oid);
        if (delay == 0)
        {
            Publish(sensor.Oid, records);
        }
        else
        {
            _ = Task.Delay(delay).ContinueWith(_ => Publish(sensor.Oid, records), TaskScheduler.Default);
        }

        return records.Count;
    }

    private void Publish(string oid, List<JsonObject> records)
    {
        foreach (var record in records)
        {
            LiveRecords.Publish(oid, "event", record);
            PublishLive(oid, "event", record);
        }
    }

    private void ResetTaskAnswers()
    {
        _answerDelays.Clear();
        LiveRecords.Clear();
    }
}
