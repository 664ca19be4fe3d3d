namespace LimaCharlie.Emulator.State;

/// <summary>Sensors answering tasks: what an online sensor sends back goes to the org's live stream.</summary>
public sealed partial class EmulatorState
{
    /// <summary>Every record the emulator makes for live streams, kept for the control API and handed on to the stream.</summary>
    public RecordedLiveRecords LiveRecords { get; } = new();

    /// <summary>
    /// Has <paramref name="sensor"/> answer each command as <see cref="TaskAnswers"/> describes, into its org's event
    /// stream. An offline sensor answers nothing. Returns the number of records published.
    /// </summary>
    public int AnswerTasks(Sensor sensor, IEnumerable<string> commands, string? investigationId)
    {
        if (!sensor.IsOnline)
        {
            return 0;
        }

        var count = 0;
        foreach (var command in commands)
        {
            foreach (var record in TaskAnswers.For(sensor, command, investigationId, Time.GetUtcNow()))
            {
                LiveRecords.Publish(sensor.Oid, "event", record);
                count++;
            }
        }

        return count;
    }
}
