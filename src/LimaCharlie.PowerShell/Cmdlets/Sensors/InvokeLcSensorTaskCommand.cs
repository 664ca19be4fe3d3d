using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client.Streams;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>
    /// Sends task command lines to sensors (<c>POST /v1/{sid}</c>); the answers arrive in their event streams. With
    /// -Wait, the answers are read from the organization's live stream and written, one per sensor and command.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcSensorTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SendSet)]
    [OutputType(typeof(SensorTask), ParameterSetName = new[] { SendSet })]
    [OutputType(typeof(SensorTaskResult), ParameterSetName = new[] { WaitSet })]
    public sealed class InvokeLcSensorTaskCommand : LcBulkSensorCmdlet, IDisposable
    {
        private const string SendSet = "Send";
        private const string WaitSet = "Wait";

        /// <summary>The time-out of the official CLI's <c>task request</c>.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        /// <summary>One or more command lines, e.g. <c>os_version</c>, <c>history_dump</c>.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [Alias("Task")]
        [ArgumentCompleter(typeof(SensorCommandCompleter))]
        public string[] Command { get; set; } = Array.Empty<string>();

        /// <summary>Tags the answers (<c>routing/investigation_id</c>) so they can be found among the sensor's events.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? InvestigationId { get; set; }

        /// <summary>The API ignores a repeat of the same key for a sensor, so the task runs once even when retried.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? IdempotencyKey { get; set; }

        /// <summary>Waits for each sensor's answers and writes them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WaitSet)]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long to wait for a sensor's answers, from when its task was sent.</summary>
        [Parameter(ParameterSetName = WaitSet)]
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        private readonly Dictionary<Guid, OrgWatch> _watches = new();
        private CancellationTokenSource? _watching;

        protected override string Action => Wait
            ? $"Run task {string.Join("; ", Command)} and wait for the answer"
            : $"Run task {string.Join("; ", Command)}";

        protected override void OnBegin()
        {
            if (Wait && (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(24)))
                throw new ArgumentException("-Timeout must be more than zero and at most a day, e.g. (New-TimeSpan -Seconds 90).");
        }

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor)
        {
            var (commands, investigationId, idempotencyKey) = (Command, InvestigationId, IdempotencyKey);
            if (!Wait)
            {
                return async (log, ct) => await connection.Organization(sensor.OrganizationId, log).Sensors.TaskAsync(sensor.SensorId, commands, investigationId, idempotencyKey, ct)
                    .ConfigureAwait(false);
            }

            var timeout = Timeout;
            var watch = WatchOf(connection, sensor.OrganizationId, investigationId);
            return async (log, ct) =>
            {
                var state = await connection.Organization(sensor.OrganizationId, log).Sensors.OnlineAsync(new[] { sensor.SensorId }, ct).ConfigureAwait(false);
                if (state.Length == 1 && state[0].IsOnline == false)
                    throw new LcApiException($"Sensor {sensor} is offline: the task was not sent.", 0, null, null, null, ErrorIds.SensorOffline);
                var answers = await watch.Open(log).WaitAsync(ct).ConfigureAwait(false);
                var outcomes = await answers.RunAsync(sensor.SensorId, sensor.Hostname, commands,
                    c => connection.Organization(sensor.OrganizationId, log).Sensors.TaskAsync(sensor.SensorId, commands, answers.InvestigationId, idempotencyKey, c),
                    timeout, ct).ConfigureAwait(false);
                return new BulkOutcomes(outcomes);
            };
        }

        /// <summary>The organization's one watch of this command.</summary>
        private OrgWatch WatchOf(LcConnection connection, Guid oid, string? label)
        {
            _watching ??= CancellationTokenSource.CreateLinkedTokenSource(CancelToken);
            if (!_watches.TryGetValue(oid, out var watch))
            {
                watch = new OrgWatch(connection, oid, TaskAnswerWatch.NewInvestigationId(label), _watching.Token);
                _watches.Add(oid, watch);
            }
            return watch;
        }

        protected override void OnEnd()
        {
            try
            {
                base.OnEnd();
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            if (_watching is null) return;
            _watching.Cancel();
            foreach (var watch in _watches.Values) watch.Close();
            _watches.Clear();
            _watching.Dispose();
            _watching = null;
        }

        /// <summary>
        /// An organization's stream of answers, opened by the first sensor's call (with the runner's log, so that its
        /// warnings reach the pipeline) and confirmed before that call sends its task; the later calls wait for it.
        /// </summary>
        private sealed class OrgWatch
        {
            private readonly LcConnection _connection;
            private readonly Guid _oid;
            private readonly string _investigationId;
            private readonly CancellationToken _token;
            private readonly object _gate = new();
            private Task<TaskAnswerWatch>? _opened;

            public OrgWatch(LcConnection connection, Guid oid, string investigationId, CancellationToken token) =>
                (_connection, _oid, _investigationId, _token) = (connection, oid, investigationId, token);

            public Task<TaskAnswerWatch> Open(ILcLog log)
            {
                lock (_gate) return _opened ??= TaskAnswerWatch.OpenAsync(_connection.Organization(_oid, log), _investigationId, _token);
            }

            public void Close()
            {
                Task<TaskAnswerWatch>? opened;
                lock (_gate) opened = _opened;
                if (opened is { Status: TaskStatus.RanToCompletion }) opened.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
