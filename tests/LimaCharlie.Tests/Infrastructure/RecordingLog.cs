using System.Collections.Concurrent;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Tests.Infrastructure;

/// <summary>An <see cref="ILcLog"/> that keeps every message, for assertions on what the engine reports.</summary>
public sealed class RecordingLog : ILcLog
{
    private readonly ConcurrentQueue<(string Level, string Text)> _lines = new();

    public RecordingLog(bool debug = true) => IsDebugEnabled = debug;

    public bool IsDebugEnabled { get; }
    public bool IsVerboseEnabled => true;

    public void Verbose(string message) => _lines.Enqueue(("verbose", message));
    public void Debug(string message) => _lines.Enqueue(("debug", message));
    public void Warning(string message) => _lines.Enqueue(("warning", message));

    public IReadOnlyList<(string Level, string Text)> Lines => _lines.ToArray();
    public IReadOnlyList<string> VerboseLines => Lines.Where(l => l.Level == "verbose").Select(l => l.Text).ToList();
    public IReadOnlyList<string> DebugLines => Lines.Where(l => l.Level == "debug").Select(l => l.Text).ToList();
    public IReadOnlyList<string> WarningLines => Lines.Where(l => l.Level == "warning").Select(l => l.Text).ToList();
}
