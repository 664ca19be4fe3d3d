using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet: runs engine calls on the pipeline thread while forwarding their messages, cancels
    /// them on Ctrl+C, and turns the module's exceptions into error records (per-item API failures are
    /// non-terminating; configuration problems are terminating).
    /// </summary>
    public abstract class LcCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new();

        protected CancellationToken CancelToken => _cancel.Token;

        /// <summary>The object an error is reported against (the current pipeline input, usually).</summary>
        protected virtual object? ErrorTarget => null;

        /// <summary>True where an API failure means the cmdlet cannot do its job at all (Connect-LcOrg).</summary>
        protected virtual bool ApiErrorsTerminate => false;

        protected override void StopProcessing() => _cancel.Cancel();

        protected sealed override void BeginProcessing() => Guard(OnBegin);
        protected sealed override void ProcessRecord() => Guard(OnProcess);
        protected sealed override void EndProcessing() => Guard(OnEnd);

        protected virtual void OnBegin() { }
        protected virtual void OnProcess() { }
        protected virtual void OnEnd() { }

        private void Guard(Action step)
        {
            try
            {
                step();
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
                ThrowTerminatingError(ErrorRecords.InvalidArgument(e, "LimaCharlie.InvalidArgument", ErrorTarget));
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
        /// on with the rest: the loop of every Remove- cmdlet.
        /// </summary>
        protected void RemoveEach<T>(IEnumerable<T> items, bool force, Func<T, string> describe, string action,
            Func<T, ILcLog, CancellationToken, Task> delete) where T : notnull
        {
            foreach (var item in items)
            {
                if (!ShouldProcessOrForce(force, describe(item), action)) continue;
                ForEachItem(item, () => Await((log, ct) => delete(item, log, ct)));
            }
        }

        /// <summary>Runs one item of a multi-item parameter; its failure is reported against it and the rest goes on.</summary>
        protected void ForEachItem(object target, Action action)
        {
            try
            {
                action();
            }
            catch (LcApiException e)
            {
                WriteError(ErrorRecords.FromApi(e, target));
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                WriteError(ErrorRecords.FromConfiguration(e, target));
            }
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

        /// <summary>WriteWarning that does not prompt under -Debug (see <see cref="Warnings"/>).</summary>
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

        protected void Await(Func<ILcLog, CancellationToken, Task> call)
        {
            var log = NewLog();
            var task = call(log, CancelToken);
            Pump(task, log);
            task.GetAwaiter().GetResult();
        }

        /// <summary>Writes each item of an engine listing to the pipeline as it arrives; stops paging when the pipeline stops.</summary>
        protected void Stream<T>(Func<ILcLog, CancellationToken, IAsyncEnumerable<T>> listing, Action<T> write)
        {
            var log = NewLog();
            var items = listing(log, CancelToken).GetAsyncEnumerator(CancelToken);
            try
            {
                while (true)
                {
                    var next = items.MoveNextAsync().AsTask();
                    Pump(next, log);
                    if (!next.GetAwaiter().GetResult()) break;
                    write(items.Current);
                }
            }
            finally
            {
                var dispose = items.DisposeAsync().AsTask();
                Pump(dispose, log);
            }
        }

        private void Pump(Task task, CmdletLog log)
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
                }
            }
            log.Drain(this);
        }

        /// <summary>Called on the pipeline thread a few times a second while an engine call runs (e.g. to write progress).</summary>
        protected virtual void OnWaiting() { }

        /// <summary>The session to use: -Session, else the runspace's default, else a terminating error.</summary>
        protected Session RequireSession(Session? explicitSession) =>
            explicitSession ?? SessionStore.Get(this) ?? throw new LcConfigurationException(
                "There is no LimaCharlie session in this runspace.", "LimaCharlie.NotConnected",
                "Run Connect-LcOrg first, or pass -Session (in ForEach-Object -Parallel and jobs: -Session $using:session).");
    }
}
