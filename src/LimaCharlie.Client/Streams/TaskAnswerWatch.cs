using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Streams
{
    /// <summary>
    /// Tasks that wait for their answers, as commands/task.py <c>task request</c> does: one live stream of events
    /// filtered on an investigation id, confirmed open before any task carrying that id is sent, so that no answer is
    /// missed; then, per sensor, the task sent and its answer events collected until each command has its
    /// <c>&lt;COMMAND&gt;_REP</c> (or <c>RECEIPT</c>), a refusal, or the time-out. Answers are told apart by sensor
    /// (<c>routing/sid</c>) and, for a sensor given several commands, by the order the sensor handles them: the n-th
    /// delivery receipt (<c>CLOUD_NOTIFICATION</c>) is the n-th command's, a <c>&lt;COMMAND&gt;_REP</c> ends its command,
    /// and the other events (a <c>RECEIPT</c> ending it) belong to the first command still open.
    /// </summary>
    public sealed class TaskAnswerWatch : IAsyncDisposable
    {
        public const string Receipt = "CLOUD_NOTIFICATION";

        /// <summary>The answer of commands without a <c>_REP</c> of their own, such as <c>run</c> (the reliable-tasking documentation).</summary>
        public const string GenericAnswer = "RECEIPT";

        private readonly LiveStreamReader<Event> _reader;
        private readonly ConcurrentDictionary<Guid, SensorWait> _waits = new();
        private readonly Task _pump;
        private volatile Exception? _failure;

        private TaskAnswerWatch(LiveStreamReader<Event> reader, string investigationId)
        {
            _reader = reader;
            InvestigationId = investigationId;
            _pump = Task.Run(PumpAsync);
        }

        /// <summary>The id every task of this watch carries, and the stream's filter.</summary>
        public string InvestigationId { get; }

        public Guid OrganizationId { get; private set; }

        /// <summary>A fresh investigation id: <paramref name="label"/> (or <c>lc-ps</c>) and a new GUID, so that only this command's answers match.</summary>
        public static string NewInvestigationId(string? label) =>
            $"{(string.IsNullOrWhiteSpace(label) ? "lc-ps" : label!.Trim())}-{Guid.NewGuid():N}";

        /// <summary>Opens the organization's event stream filtered on <paramref name="investigationId"/> and waits until the service confirmed it.</summary>
        public static async Task<TaskAnswerWatch> OpenAsync(LcOrganizationClient organization, string investigationId, CancellationToken ct)
        {
            var (oid, log) = (organization.OrganizationId, organization.Log);
            var reader = organization.LiveStream.Open<Event>(LiveStreamKind.Event, new LiveStreamFilter { InvestigationId = investigationId }, null, ct);
            try
            {
                await reader.WaitConnectedAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            log.Verbose($"Waiting for task answers on the live stream of {oid}, investigation id {investigationId}.");
            return new TaskAnswerWatch(reader, investigationId) { OrganizationId = oid };
        }

        /// <summary>
        /// Sends <paramref name="commands"/> to one sensor with <paramref name="send"/> (after the sensor is registered, so
        /// an answer that comes before the call returns is kept) and waits for their answers up to <paramref name="timeout"/>.
        /// Returns one outcome per command, in order: a <see cref="SensorTaskResult"/>, or an <see cref="LcApiException"/>
        /// (<c>LimaCharlie.TaskRefused</c>, <c>LimaCharlie.TaskTimedOut</c>) to report for that command.
        /// </summary>
        public async Task<IReadOnlyList<object>> RunAsync(Guid sensorId, string? hostname, IReadOnlyList<string> commands,
            Func<CancellationToken, Task> send, TimeSpan timeout, CancellationToken ct)
        {
            ThrowIfFailed();
            var wait = new SensorWait(commands);
            if (!_waits.TryAdd(sensorId, wait))
                throw new ArgumentException($"Sensor {sensorId} is given twice in one command: it is tasked once.");
            try
            {
                var sentAt = DateTimeOffset.Now;
                var clock = Stopwatch.StartNew();
                await send(ct).ConfigureAwait(false);
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    deadline.CancelAfter(timeout);
                    try
                    {
                        await wait.Done.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                    }
                }
                ThrowIfFailed();
                return wait.Outcomes(sensorId, hostname, OrganizationId, InvestigationId, sentAt, clock.Elapsed, timeout);
            }
            finally
            {
                _waits.TryRemove(sensorId, out _);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private void ThrowIfFailed()
        {
            if (_failure is { } failure) throw failure is LcApiException api
                ? new LcApiException(api.Message, api.StatusCode, api.ApiMessage, api.Method, api.Path, api.Kind, api.RecommendedAction, api.Retries, api)
                : new InvalidOperationException($"The live stream of the task answers failed: {failure.Message}", failure);
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var e in _reader.ReadAllAsync().ConfigureAwait(false))
                {
                    // The service filters on the id already; a record without it (a service that ignored the filter) is not ours.
                    if (!(e.Routing.TryGetValue("investigation_id", out var id) && id is string text
                            && text.IndexOf(InvestigationId, StringComparison.Ordinal) >= 0)) continue;
                    if (_waits.TryGetValue(e.SensorId, out var wait)) wait.Take(e);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _failure = e;
                foreach (var wait in _waits.Values) wait.Done.TrySetResult(true);
            }
        }

        /// <summary>What one sensor was asked and what it answered so far.</summary>
        private sealed class SensorWait
        {
            private readonly object _gate = new();
            private readonly Command[] _commands;
            private int _receipts;

            public SensorWait(IReadOnlyList<string> commands) => _commands = commands.Select(c => new Command(c)).ToArray();

            public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public void Take(Event e)
            {
                lock (_gate)
                {
                    if (e.EventType == Receipt)
                    {
                        var n = _receipts++;
                        if (n < _commands.Length) _commands[n].TakeReceipt(e);
                    }
                    else
                    {
                        var command = _commands.FirstOrDefault(c => !c.Finished && c.Answer == e.EventType)
                                      ?? _commands.FirstOrDefault(c => !c.Finished);
                        command?.Take(e);
                    }
                    if (_commands.All(c => c.Finished)) Done.TrySetResult(true);
                }
            }

            public IReadOnlyList<object> Outcomes(Guid sid, string? hostname, Guid oid, string investigationId, DateTimeOffset sentAt,
                TimeSpan elapsed, TimeSpan timeout)
            {
                lock (_gate)
                {
                    var name = string.IsNullOrEmpty(hostname) ? sid.ToString() : $"{hostname} ({sid})";
                    return _commands.Select(c => c.Outcome(sid, name, hostname, oid, investigationId, sentAt, elapsed, timeout)).ToArray();
                }
            }
        }

        private sealed class Command
        {
            private readonly List<Event> _events = new();
            private Event? _receipt;
            private string? _refusal;

            public Command(string line)
            {
                Line = line;
                var verb = line.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
                Answer = verb.ToUpperInvariant() + "_REP";
            }

            public string Line { get; }

            /// <summary>The event type that ends the answer: the command's name in capitals and <c>_REP</c>.</summary>
            public string Answer { get; }

            public bool Finished { get; private set; }

            public void TakeReceipt(Event receipt)
            {
                _receipt = receipt;
                if (ErrorOf(receipt) is { } refusal)
                {
                    _refusal = refusal;
                    Finished = true;
                }
            }

            public void Take(Event e)
            {
                _events.Add(e);
                if (e.EventType == Answer || e.EventType == GenericAnswer) Finished = true;
            }

            public object Outcome(Guid sid, string name, string? hostname, Guid oid, string investigationId, DateTimeOffset sentAt, TimeSpan elapsed,
                TimeSpan timeout)
            {
                if (_refusal is not null)
                    return new LcApiException($"Sensor {name} refused '{Line}': {_refusal}.", 0, _refusal, null, null, ErrorIds.TaskRefused);
                if (_events.Count == 0)
                    return new LcApiException(
                        $"Sensor {name} did not answer '{Line}' within {Seconds(timeout)}" +
                        (_receipt is null ? " (not even a delivery receipt)." : " (it acknowledged the task)."),
                        0, null, null, null, ErrorIds.TaskTimedOut);
                var answer = _events.LastOrDefault(e => e.EventType == Answer) ?? _events[_events.Count - 1];
                return new SensorTaskResult
                {
                    SensorId = sid, OrganizationId = oid, Hostname = hostname ?? answer.Hostname, Command = Line, InvestigationId = investigationId,
                    EventType = answer.EventType, Data = answer.Data, Events = _events.ToArray(), Complete = Finished, SentAt = sentAt, Duration = elapsed,
                };
            }

            /// <summary>The error a receipt carries (<c>ERROR</c> not 0, with <c>ERROR_MESSAGE</c>), or null.</summary>
            private static string? ErrorOf(Event receipt)
            {
                if (!receipt.Data.TryGetValue("ERROR", out var code) || code is null) return null;
                var text = Convert.ToString(code, CultureInfo.InvariantCulture);
                if (string.IsNullOrEmpty(text) || text == "0") return null;
                var message = receipt.Data.TryGetValue("ERROR_MESSAGE", out var m) && m is string s && s.Length > 0 ? s : "no message";
                return $"{message} (error {text})";
            }

            private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
        }
    }
}
