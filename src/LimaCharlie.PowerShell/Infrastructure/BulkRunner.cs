using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs one API call per pipeline item with bounded concurrency. Calls run on the thread pool; their results,
    /// errors, messages and progress are written on the pipeline thread whenever the cmdlet hands control back
    /// (each new item, and at the end). A failed item is a non-terminating error; the rest go on.
    /// </summary>
    internal sealed class BulkRunner
    {
        private readonly LcCmdlet _cmdlet;
        private readonly CmdletLog _log;
        private readonly SemaphoreSlim _slots;
        private readonly ConcurrentQueue<Action> _outcomes = new();
        private readonly CancellationTokenSource _cancel;
        private readonly string _activity;
        private readonly int? _total;
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
        private int _started;
        private int _finished;
        private int _failed;

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
            while (!_slots.Wait(25, _cancel.Token)) Drain();
            _started++;
            Task.Run(async () =>
            {
                try
                {
                    var result = await work(_log, _cancel.Token).ConfigureAwait(false);
                    if (result is not null) _outcomes.Enqueue(() => _cmdlet.WriteObject(result));
                }
                catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _failed);
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
                _cmdlet.WriteProgress(new ProgressRecord(1, _activity, Status()) { RecordType = ProgressRecordType.Completed });
        }

        private void Drain()
        {
            _cancel.Token.ThrowIfCancellationRequested();
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
            if (_sinceProgress.ElapsedMilliseconds < 250) return;
            _sinceProgress.Restart();
            var record = new ProgressRecord(1, _activity, Status());
            if (_total is > 0 and var total) record.PercentComplete = Math.Min(100, Volatile.Read(ref _finished) * 100 / total);
            _cmdlet.WriteProgress(record);
        }

        private string Status()
        {
            var finished = Volatile.Read(ref _finished);
            var failed = Volatile.Read(ref _failed);
            return $"{finished}{(_total is { } t ? $" of {t}" : string.Empty)} done{(failed > 0 ? $", {failed} failed" : string.Empty)}, {_started - finished} in flight";
        }
    }
}
