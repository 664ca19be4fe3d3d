using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>
    /// The base of cmdlets that change many sensors: sensors from the pipeline (by value or by property name
    /// <c>SensorId</c>/<c>sid</c>), ShouldProcess per sensor, and calls run with bounded concurrency
    /// (<c>-ThrottleLimit</c>), progress, and per-sensor non-terminating errors. A sensor is named in prompts as
    /// "hostname (id)" when the piped object carried its hostname. A cmdlet with a <see cref="ManySensorsQuestion"/>
    /// collects its sensors first and, for more than <see cref="ManySensors"/> of them, asks once with their count.
    /// </summary>
    public abstract class LcBulkSensorCmdlet : LcOrganizationCmdlet
    {
        public const int DefaultThrottleLimit = 16;

        /// <summary>More sensors than this in one command are a fleet: a cmdlet with a <see cref="ManySensorsQuestion"/> asks first.</summary>
        public const int ManySensors = 5;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        /// <summary>The hostname a piped object carried: it names the sensor in prompts and -PassThru output, and selects nothing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? Hostname { get; set; }

        /// <summary>
        /// The online state a piped object carried, kept in -PassThru output. Any type, so that a row of Import-Csv
        /// ("True", "yes") binds instead of failing PowerShell's strict conversion to a Boolean.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public object? IsOnline { get; set; }

        /// <summary>How many calls run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        private BulkRunner? _runner;
        private readonly List<SensorChange> _collected = new();

        /// <summary>What is done to each sensor, for -WhatIf, -Confirm and progress ("Add tag 'vip'").</summary>
        protected abstract string Action { get; }

        /// <summary>The title of the progress bar: the action, unless it differs between sensors.</summary>
        protected virtual string Activity => Action;

        /// <summary>
        /// The call that changes one sensor. Built on the pipeline thread, so it captures this input's parameter values;
        /// run later on the thread pool.
        /// </summary>
        protected abstract Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor);

        /// <summary>
        /// The question asked once before changing more than <see cref="ManySensors"/> sensors in one command
        /// ("Isolate 502 sensors from the network"), or null where many at once need no question.
        /// </summary>
        protected virtual string? ManySensorsQuestion(int count) => null;

        private bool AsksBeforeMany => ManySensorsQuestion(0) is not null;

        /// <summary>-Force: no question about many sensors, no confirmation prompt.</summary>
        protected virtual bool Forced => false;

        /// <summary>Whether to act on one sensor: ShouldProcess by default.</summary>
        protected virtual bool Confirm(string target, string action) => ShouldProcess(target, action);

        protected override void OnProcess()
        {
            var connection = Connection;
            // Resolved here, on the pipeline thread: a missing organization stops the command once, not per sensor.
            var oid = connection.ResolveOrganization(Organization);
            // Hostname and IsOnline come with a single piped sensor; an -SensorId list carries none.
            var single = SensorId.Length == 1;
            foreach (var sid in SensorId)
            {
                var sensor = new SensorReference
                {
                    SensorId = sid,
                    OrganizationId = oid,
                    Hostname = single && !string.IsNullOrEmpty(Hostname) ? Hostname : null,
                    IsOnline = single ? InputOnline : null,
                };
                var change = new SensorChange(sensor, Action, Change(connection, sensor));
                if (AsksBeforeMany) _collected.Add(change);
                else Run(change, false, MyInvocation.ExpectingInput ? null : SensorId.Length);
            }
        }

        private bool? InputOnline => (IsOnline is PSObject wrapped ? wrapped.BaseObject : IsOnline) switch
        {
            bool online => online,
            string text when bool.TryParse(text, out var online) => online,
            string text when text.Equals("yes", StringComparison.OrdinalIgnoreCase) => true,
            string text when text.Equals("no", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        };

        protected override void OnEnd()
        {
            if (_collected.Count > 0) RunCollected();
            _runner?.Finish();
        }

        private void RunCollected()
        {
            var agreed = false;
            if (_collected.Count > ManySensors && !Forced && !WhatIfRequested)
            {
                if (!AskOnce()) return;
                agreed = true;
            }
            foreach (var change in _collected) Run(change, agreed, _collected.Count);
        }

        /// <summary>Asks whether to change this many sensors, naming a few; refuses with a clear error where nobody can answer.</summary>
        private bool AskOnce()
        {
            const int named = 3;
            var examples = string.Join(", ", _collected.Take(named).Select(c => c.Sensor.ToString()));
            var rest = _collected.Count - named;
            var question = $"{ManySensorsQuestion(_collected.Count)}: {examples}{(rest > 0 ? $" and {rest} more" : string.Empty)}?";
            // A security impact: the default answer is No.
            bool yesToAll = false, noToAll = false;
            return Ask(question, "Nothing was changed. Add -Force to go ahead without the question, or -WhatIf to list the sensors",
                () => ShouldContinue(question, "Change many sensors", true, ref yesToAll, ref noToAll));
        }

        /// <summary>E_NOTIMPL: what a host without a user interface (a runspace's default host) throws when asked to prompt.</summary>
        private const int HostCannotPrompt = unchecked((int)0x80004001);

        /// <summary>Shows a confirmation prompt; where this session cannot show one, stops the command with a clear error.</summary>
        private bool Ask(string question, string advice, Func<bool> prompt)
        {
            try
            {
                return prompt();
            }
            catch (Exception e) when (e is PSInvalidOperationException or HostException || e.HResult == HostCannotPrompt)
            {
                ThrowTerminatingError(ErrorRecords.Of(
                    new InvalidOperationException(
                        $"\"{question}\" needs an answer, and this session cannot ask ({e.Message.TrimEnd('.')}). {advice}.", e),
                    ErrorIds.ConfirmationRequired, null));
                return false;
            }
        }

        private void Run(SensorChange change, bool agreed, int? total)
        {
            var target = change.Sensor.ToString();
            // Once the many-sensors question was answered, only an explicit -Confirm (or -WhatIf) asks again per sensor.
            if (!Ask($"{change.Action}: {target}?",
                    "Stopped before this sensor. Add -Confirm:$false (or -Force where the cmdlet has it) to go ahead without asking, or -WhatIf to list the sensors",
                    () => agreed ? ShouldProcessOrForce(true, target, change.Action) : Confirm(target, change.Action))) return;
            _runner ??= new BulkRunner(this, NewLog(), ThrottleLimit, Activity, total, CancelToken);
            _runner.Start(change.Sensor.SensorId, change.Call);
        }

        private sealed record SensorChange(SensorReference Sensor, string Action, Func<ILcLog, CancellationToken, Task<object?>> Call);
    }
}
