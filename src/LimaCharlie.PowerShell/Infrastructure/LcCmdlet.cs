using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet: runs engine calls on the pipeline thread while forwarding their messages, cancels
    /// them on Ctrl+C, and turns the module's exceptions into error records (per-item API failures are
    /// non-terminating; configuration problems, and API failures that do not depend on the item when there are items,
    /// are terminating).
    /// </summary>
    public abstract class LcCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new();

        protected CancellationToken CancelToken => _cancel.Token;

        /// <summary>The object an error is reported against (the current pipeline input, usually).</summary>
        protected virtual object? ErrorTarget => null;

        /// <summary>True where an API failure means the cmdlet cannot do its job at all (Connect-LcOrg).</summary>
        protected virtual bool ApiErrorsTerminate => false;

        /// <summary>
        /// True where each item is an organization of its own (deleting organizations, adding them to a group): a refused
        /// key, a missing permission or a missing organization then concerns that item, and the rest goes on.
        /// </summary>
        protected virtual bool ItemsAreOrganizations => false;

        /// <summary>
        /// True where the items may need different permissions (configuration of several kinds): a missing permission then
        /// concerns the items that need it, and the rest goes on.
        /// </summary>
        protected virtual bool ItemsNeedDifferentPermissions => false;

        /// <summary>
        /// True where the pipeline items may belong to different organizations (a user key, and the organization bound
        /// from each item): a refused key, a missing permission or a missing organization then concerns that item.
        /// </summary>
        protected virtual bool OrganizationVariesByItem => false;

        private HashSet<string>? _boundAtBegin;

        /// <summary>Whether the parameter is bound from the pipeline items rather than on the command line.</summary>
        protected bool BoundFromPipeline(string parameter) =>
            MyInvocation.ExpectingInput && _boundAtBegin is { } atBegin && !atBegin.Contains(parameter);

        private int _itemsSucceeded;
        private int _itemsFailed;
        private bool _itemLoopUsed;
        private int _recordsSucceeded;
        private int _recordsFailed;

        protected override void StopProcessing() => _cancel.Cancel();

        protected sealed override void BeginProcessing()
        {
            _boundAtBegin = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            Guard(OnBegin);
        }

        protected sealed override void ProcessRecord() => Guard(OnProcess, isRecord: true);
        protected sealed override void EndProcessing() => Guard(OnEnd);

        /// <summary>How far a failure reaches for this command: <see cref="FailureReach.Item"/> when it concerns the item only.</summary>
        internal FailureReach ReachOf(LcApiException e)
        {
            var reach = ApiErrors.Reach(e);
            if ((ItemsAreOrganizations || OrganizationVariesByItem) && reach != FailureReach.TokenTooLarge) return FailureReach.Item;
            return ItemsNeedDifferentPermissions && reach == FailureReach.MissingPermission ? FailureReach.Item : reach;
        }

        private StopCounts CountsAtStop(int? notAttempted) => _itemLoopUsed
            ? new StopCounts(_itemsSucceeded, _itemsFailed + 1, 0, notAttempted)
            : new StopCounts(_recordsSucceeded, _recordsFailed + 1, 0, notAttempted);

        protected virtual void OnBegin() { }
        protected virtual void OnProcess() { }
        protected virtual void OnEnd() { }

        private void Guard(Action step, bool isRecord = false)
        {
            try
            {
                step();
                if (isRecord) _recordsSucceeded++;
            }
            catch (PipelineStoppedException) { throw; }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (LcApiException e)
            {
                var record = ErrorRecords.FromApi(e, ErrorTarget);
                if (ApiErrorsTerminate) ThrowTerminatingError(record);
                // Pipeline input: every later record would fail alike.
                if (isRecord && MyInvocation.ExpectingInput && ReachOf(e) is var reach && reach != FailureReach.Item)
                    ThrowTerminatingError(ErrorRecords.StoppedCommand(e, reach, CountsAtStop(null), ErrorTarget));
                if (isRecord) _recordsFailed++;
                WriteError(record);
            }
            catch (LcConfigurationException e)
            {
                var record = ErrorRecords.FromConfiguration(e, ErrorTarget);
                if (ErrorRecords.IsItemProblem(e)) WriteError(record);
                else ThrowTerminatingError(record);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Of(e, ErrorIds.InvalidArgument, ErrorTarget));
            }
        }

        /// <summary>
        /// ShouldProcess for destructive changes that take -Force: -Force skips the confirmation prompt, but -WhatIf
        /// and an explicit -Confirm still apply.
        /// </summary>
        protected bool ShouldProcessOrForce(bool force, string target, string action) =>
            force && !WhatIfRequested && !SwitchRequested("Confirm") || ShouldProcess(target, action);

        /// <summary>-WhatIf given (not -WhatIf:$false), or $WhatIfPreference set by the caller, e.g. a script run with -WhatIf.</summary>
        protected bool WhatIfRequested => MyInvocation.BoundParameters.ContainsKey("WhatIf")
            ? SwitchRequested("WhatIf")
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        private bool SwitchRequested(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var value) && LanguagePrimitives.IsTrue(value);

        /// <summary>
        /// Deletes each item after ShouldProcess (or -Force), reporting a failed item as a non-terminating error and going
        /// on with the rest (see <see cref="ForEachItem"/>): the loop of every Remove- cmdlet.
        /// </summary>
        protected void RemoveEach<T>(IEnumerable<T> items, bool force, Func<T, string> describe, string action,
            Func<T, ILcLog, CancellationToken, Task> delete) where T : notnull
        {
            var list = items as IReadOnlyList<T> ?? new List<T>(items);
            for (var i = 0; i < list.Count; i++)
            {
                var item = list[i];
                if (!ShouldProcessOrForce(force, describe(item), action)) continue;
                ForEachItem(item, () => Await((log, ct) => delete(item, log, ct)), notAttemptedAfter: list.Count - i - 1);
            }
        }

        /// <summary>
        /// Runs one item of a multi-item parameter; its failure is reported against it and the rest goes on. A failure that
        /// does not depend on the item (a missing permission, a refused key, a deleted organization) stops the command with
        /// one terminating error saying how far it got; <paramref name="notAttemptedAfter"/> is how many items would follow.
        /// </summary>
        protected internal void ForEachItem(object target, Action action, int? notAttemptedAfter = null)
        {
            _itemLoopUsed = true;
            try
            {
                action();
                ItemSucceeded();
            }
            catch (LcApiException e)
            {
                WriteItemError(e, target, notAttemptedAfter);
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                _itemsFailed++;
                WriteError(ErrorRecords.FromConfiguration(e, target));
            }
        }

        /// <summary>Counts an item of a per-item loop as done (for the count a stop reports).</summary>
        protected void ItemSucceeded()
        {
            _itemLoopUsed = true;
            _itemsSucceeded++;
        }

        /// <summary>
        /// Reports the failure of one item of a per-item loop: a non-terminating error, or the one terminating error of the
        /// command when the failure does not depend on the item.
        /// </summary>
        protected void WriteItemError(LcApiException e, object target, int? notAttemptedAfter = null)
        {
            _itemLoopUsed = true;
            var reach = ReachOf(e);
            if (reach != FailureReach.Item)
                ThrowTerminatingError(ErrorRecords.StoppedCommand(e, reach, CountsAtStop(notAttemptedAfter), target));
            _itemsFailed++;
            WriteError(ErrorRecords.FromApi(e, target));
        }

        protected bool DebugEnabled => StreamEnabled("Debug");

        private bool VerboseEnabled => StreamEnabled("Verbose");

        /// <summary>Whether -Debug/-Verbose, or else the caller's $DebugPreference/$VerbosePreference, shows that stream.</summary>
        private bool StreamEnabled(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var given) ? ((SwitchParameter)given).IsPresent
                : SessionState.PSVariable.GetValue(name + "Preference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;

        private bool VerboseAsDebug =>
            MyInvocation.BoundParameters.ContainsKey("Debug") && !MyInvocation.BoundParameters.ContainsKey("Verbose");

        internal CmdletLog NewLog() => new(DebugEnabled, VerboseEnabled, VerboseAsDebug);

        /// <summary>A warning that does not prompt under -Debug (see <see cref="Warnings"/>).</summary>
        protected void Warn(string message) => Warnings.Write(this, message);

        /// <summary>WriteVerbose that does not prompt under -Debug (see <see cref="CmdletLog"/>).</summary>
        protected void Verbose(string message)
        {
            if (VerboseAsDebug) WriteDebug(message);
            else WriteVerbose(message);
        }

        /// <summary>Waits for an engine call, writing its messages as they come; rethrows its exception unwrapped.</summary>
        protected T Await<T>(Func<ILcLog, CancellationToken, Task<T>> call)
        {
            var log = NewLog();
            var task = call(log, CancelToken);
            Pump(task, log);
            return task.GetAwaiter().GetResult();
        }

        protected internal void Await(Func<ILcLog, CancellationToken, Task> call)
        {
            var log = NewLog();
            var task = call(log, CancelToken);
            Pump(task, log);
            task.GetAwaiter().GetResult();
        }

        /// <summary>Writes each item of an engine listing to the pipeline as it arrives; stops paging when the pipeline stops.</summary>
        /// <remarks>A listing that runs past about a second shows progress (records and pages so far).</remarks>
        protected void Stream<T>(Func<ILcLog, CancellationToken, IAsyncEnumerable<T>> listing, Action<T> write)
        {
            var log = NewLog();
            var progress = new ListingProgress(this, log, MyInvocation.MyCommand.Name);
            long records = 0;
            Action waiting = () => progress.Tick(records);
            var items = listing(log, CancelToken).GetAsyncEnumerator(CancelToken);
            try
            {
                while (true)
                {
                    var next = items.MoveNextAsync().AsTask();
                    Pump(next, log, waiting);
                    if (!next.GetAwaiter().GetResult()) break;
                    write(items.Current);
                    if ((++records & ListingProgress.CheckMask) == 0) progress.Tick(records);
                }
            }
            finally
            {
                var dispose = items.DisposeAsync().AsTask();
                Pump(dispose, log);
                progress.Complete(records);
            }
        }

        private void Pump(Task task, CmdletLog log, Action? waiting = null)
        {
            if (!task.IsCompleted)
            {
                task.ContinueWith(static (_, signal) => ((ManualResetEventSlim)signal!).Set(), log.Signal,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                while (!task.IsCompleted)
                {
                    log.WaitForSignal(250);
                    log.Drain(this);
                    OnWaiting();
                    waiting?.Invoke();
                }
            }
            log.Drain(this);
        }

        /// <summary>Called on the pipeline thread a few times a second while an engine call runs (e.g. to write progress).</summary>
        protected virtual void OnWaiting() { }

        /// <summary>The session to use: -Session, else the runspace's default, else a terminating error.</summary>
        protected Session RequireSession(Session? explicitSession) =>
            explicitSession ?? SessionStore.Get(this) ?? throw new LcConfigurationException(
                "There is no LimaCharlie session in this runspace.", ErrorIds.NotConnected);
    }
}
