using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs one API call per pipeline item with bounded concurrency. Calls run on the thread pool; their results,
    /// errors, messages and progress are written on the pipeline thread whenever the cmdlet hands control back
    /// (each new item, and at the end). A failed item is a non-terminating error and the rest go on; a failure that does
    /// not depend on the item (a missing permission, a refused key, a deleted organization) cancels the calls in flight
    /// and stops the command with one terminating error.
    /// </summary>
    internal sealed class BulkRunner
    {
        private const int ProgressId = 1;

        private readonly LcCmdlet _cmdlet;
        private readonly CmdletLog _log;
        private readonly SemaphoreSlim _slots;
        private readonly ConcurrentQueue<Action> _outcomes = new();
        private readonly CancellationTokenSource _cancel;
        private readonly string _activity;
        private readonly int? _total;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private long _lastProgressAt;
        private int _started;
        private int _finished;
        private int _succeeded;
        private int _failed;
        private Stop? _stop;
        private LcConfigurationException? _stopOther;

        /// <summary>The failure that stops the command, and the item it failed for.</summary>
        private sealed record Stop(LcApiException Error, FailureReach Reach, object Target);

        public BulkRunner(LcCmdlet cmdlet, CmdletLog log, int throttleLimit, string activity, int? total, CancellationToken cancel)
        {
            _cmdlet = cmdlet;
            _log = log;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _activity = activity;
            _total = total;
            // Linked, so that a stop (-ErrorAction Stop on a failed item) also cancels the calls still in flight.
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        }

        /// <summary>Starts <paramref name="work"/> for <paramref name="target"/> as soon as a slot is free, writing what has finished meanwhile.</summary>
        public void Start(object target, Func<ILcLog, CancellationToken, Task<object?>> work)
        {
            Drain();
            while (!_slots.Wait(25)) Drain();
            try
            {
                ThrowIfStopped();
            }
            catch
            {
                _slots.Release();
                throw;
            }
            _started++;
            Task.Run(async () =>
            {
                try
                {
                    var result = await work(_log, _cancel.Token).ConfigureAwait(false);
                    if (result is BulkOutcomes many)
                    {
                        Write(many, target);
                        return;
                    }
                    Interlocked.Increment(ref _succeeded);
                    if (result is not null) _outcomes.Enqueue(() => _cmdlet.WriteObject(result));
                }
                catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _failed);
                    if (!StopsCommand(e, target))
                        _outcomes.Enqueue(() => _cmdlet.WriteError(ErrorRecords.ForItem(e, target)));
                }
                finally
                {
                    Interlocked.Increment(ref _finished);
                    _slots.Release();
                    _log.Signal.Set();
                }
            });
            Drain();
        }

        /// <summary>Several outcomes of one item, in order: each object written, each exception the item's error (or the command's stop).</summary>
        private void Write(BulkOutcomes many, object target)
        {
            var failed = false;
            foreach (var outcome in many.Items)
            {
                if (outcome is Exception e)
                {
                    failed = true;
                    if (!StopsCommand(e, target)) _outcomes.Enqueue(() => _cmdlet.WriteError(ErrorRecords.ForItem(e, target)));
                }
                else
                {
                    _outcomes.Enqueue(() => _cmdlet.WriteObject(outcome));
                }
            }
            if (failed) Interlocked.Increment(ref _failed);
            else Interlocked.Increment(ref _succeeded);
        }

        /// <summary>Waits for every started call, writing outcomes as they arrive.</summary>
        public void Finish()
        {
            while (Volatile.Read(ref _finished) < _started)
            {
                _log.WaitForSignal(50);
                Drain();
            }
            Drain();
            if (_started > 0)
                _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, Status()) { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// Whether <paramref name="e"/> stops the command; the first such failure is kept for the pipeline thread, and the
        /// calls in flight are cancelled at once (later ones fail alike and are not reported).
        /// </summary>
        private bool StopsCommand(Exception e, object target)
        {
            switch (e)
            {
                case LcApiException api when _cmdlet.ReachOf(api) is var reach && reach != FailureReach.Item:
                    Interlocked.CompareExchange(ref _stop, new Stop(api, reach, target), null);
                    break;
                case LcConfigurationException config when !ErrorRecords.IsItemProblem(config):
                    Interlocked.CompareExchange(ref _stopOther, config, null);
                    break;
                default:
                    return false;
            }
            _cancel.Cancel();
            return true;
        }

        private void Drain()
        {
            try
            {
                _log.Drain(_cmdlet);
                while (_outcomes.TryDequeue(out var write)) write();
            }
            catch
            {
                _cancel.Cancel();
                throw;
            }
            ThrowIfStopped();
            _cancel.Token.ThrowIfCancellationRequested();
            if (_elapsed.ElapsedMilliseconds - _lastProgressAt < 250) return;
            _lastProgressAt = _elapsed.ElapsedMilliseconds;
            var record = new ProgressRecord(ProgressId, _activity, Status());
            var finished = Volatile.Read(ref _finished);
            if (_total is > 0 and var total)
            {
                record.PercentComplete = Math.Min(100, finished * 100 / total);
                if (finished > 0) record.SecondsRemaining = (int)Math.Ceiling(_elapsed.Elapsed.TotalSeconds * (total - finished) / finished);
            }
            _cmdlet.WriteProgress(record);
        }

        private void ThrowIfStopped()
        {
            var stop = Volatile.Read(ref _stop);
            var config = Volatile.Read(ref _stopOther);
            if (stop is null && config is null) return;
            _cancel.Cancel();
            if (config is not null)
                _cmdlet.ThrowTerminatingError(ErrorRecords.FromConfiguration(config, null));
            var (error, reach, target) = stop!;
            var succeeded = Volatile.Read(ref _succeeded);
            var failed = Volatile.Read(ref _failed);
            var counts = new StopCounts(succeeded, failed, Math.Max(0, _started - succeeded - failed),
                _total is { } total ? Math.Max(0, total - _started) : null);
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, Status()) { RecordType = ProgressRecordType.Completed });
            _cmdlet.ThrowTerminatingError(ErrorRecords.StoppedCommand(error, reach, counts, target));
        }

        private string Status()
        {
            var finished = Volatile.Read(ref _finished);
            var failed = Volatile.Read(ref _failed);
            var seconds = _elapsed.Elapsed.TotalSeconds;
            var rate = seconds > 0 ? $", {finished / seconds:0.#}/s" : string.Empty;
            return $"{finished}{(_total is { } t ? $" of {t}" : string.Empty)} done{(failed > 0 ? $", {failed} failed" : string.Empty)}, {_started - finished} in flight{rate}";
        }
    }

    /// <summary>What a <see cref="BulkRunner"/> call returns when one item has several outcomes (results and errors).</summary>
    internal sealed class BulkOutcomes
    {
        public BulkOutcomes(IReadOnlyList<object> items) => Items = items;

        public IReadOnlyList<object> Items { get; }
    }
}
