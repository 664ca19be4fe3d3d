using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// Reliable tasking: tasks the <c>reliable-tasking</c> service keeps until the sensor is online, as commands/task.py
    /// sends them (<c>{action: task, task, sid, inv_id?, ttl?}</c> asynchronously, <c>{action: list, sid}</c>,
    /// <c>{action: untask, sid, task_id}</c> asynchronously). The SDK only prints the answers; the fields read here are
    /// those of the extension's documentation (<c>task</c>, <c>ttl</c>, <c>context</c> = investigation id).
    /// </summary>
    public sealed class ReliableTaskApi : OrganizationArea
    {
        internal ReliableTaskApi(LcOrganizationClient owner) : base(owner) { }

        public const string Service = "reliable-tasking";

        private static readonly JsonFields<ReliableTask> Fields = new JsonFields<ReliableTask>()
            .On("task_id", (t, v) => t.TaskId = JsonRead.AsString(v))
            .On("id", (t, v) => t.TaskId ??= JsonRead.AsString(v))
            .On("sid", (t, v) => t.SensorId = JsonRead.AsGuid(v) ?? t.SensorId)
            .On("task", (t, v) => t.Command = JsonRead.AsString(v) ?? string.Empty)
            .On("inv_id", (t, v) => t.InvestigationId = JsonRead.AsString(v))
            .On("context", (t, v) => t.InvestigationId ??= JsonRead.AsString(v))
            .On("ttl", (t, v) => t.TimeToLive = JsonRead.AsLong(v) is { } s and > 0 ? TimeSpan.FromSeconds(s) : null)
            .On("created", (t, v) => t.CreatedAt = JsonTimes.AsTime(v))
            .On("expires", (t, v) => t.ExpiresAt = JsonTimes.AsTime(v))
            .On("oid", (_, _) => { });

        /// <summary>Hands a task for <paramref name="sensorId"/> to the service, which sends it when the sensor is online.</summary>
        public async Task<ReliableTask> SendAsync(Guid sensorId, string command, string? investigationId, TimeSpan? timeToLive, CancellationToken ct)
        {
            var oid = OrganizationId;
            if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("A command line is required, e.g. os_version.");
            var data = new Dictionary<string, object?> { ["action"] = "task", ["task"] = command, ["sid"] = sensorId.ToString() };
            if (!string.IsNullOrEmpty(investigationId)) data["inv_id"] = investigationId;
            if (timeToLive is { } ttl) data["ttl"] = (long)Math.Ceiling(ttl.TotalSeconds);
            var answer = await Organization.Services.RequestAsync(Service, data, isAsync: true, ct).ConfigureAwait(false);
            var task = new ReliableTask
            {
                SensorId = sensorId, OrganizationId = oid, Command = command, InvestigationId = investigationId, TimeToLive = timeToLive,
            };
            if (answer.ValueKind == JsonValueKind.Object) task.TaskId = answer.String("task_id");
            return task;
        }

        /// <summary>The tasks waiting for <paramref name="sensorId"/>.</summary>
        public async Task<ReliableTask[]> ListAsync(Guid sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var data = new Dictionary<string, object?> { ["action"] = "list", ["sid"] = sensorId.ToString() };
            var answer = await Organization.Services.RequestAsync(Service, data, isAsync: false, ct).ConfigureAwait(false);
            return Records(answer).Select(r => Parse(r.Id, r.Item, oid, sensorId)).ToArray();
        }

        /// <summary>Cancels a task the service still holds.</summary>
        public async Task RemoveAsync(Guid sensorId, string taskId, CancellationToken ct)
        {
            var oid = OrganizationId;
            if (string.IsNullOrWhiteSpace(taskId)) throw new ArgumentException("A task id is required: Get-LcReliableTask lists them.");
            var data = new Dictionary<string, object?> { ["action"] = "untask", ["sid"] = sensorId.ToString(), ["task_id"] = taskId };
            await Organization.Services.RequestAsync(Service, data, isAsync: true, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// The records of a list answer: <c>{"tasks": [...]}</c>, <c>{"tasks": {"&lt;task_id&gt;": {...}}}</c> or a bare
        /// list (the answer's shape is not documented), each with the key it was found under.
        /// </summary>
        private static IEnumerable<(string? Id, JsonElement Item)> Records(JsonElement answer)
        {
            var tasks = answer.ValueKind == JsonValueKind.Object && answer.TryProperty("tasks", out var nested) ? nested : answer;
            return tasks.ValueKind switch
            {
                JsonValueKind.Array => tasks.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object).Select(t => ((string?)null, t)),
                JsonValueKind.Object => tasks.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => ((string?)p.Name, p.Value)),
                _ => Enumerable.Empty<(string?, JsonElement)>(),
            };
        }

        private static ReliableTask Parse(string? id, JsonElement item, Guid oid, Guid sensorId)
        {
            var task = new ReliableTask { OrganizationId = oid, SensorId = sensorId };
            task.AdditionalProperties = Fields.Read(item, task);
            task.TaskId ??= id;
            if (task.ExpiresAt is null && task.CreatedAt is { } created && task.TimeToLive is { } ttl) task.ExpiresAt = created + ttl;
            return task;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Tasks the reliable-tasking service holds until their sensor is online.</summary>
            public ReliableTaskApi ReliableTasks => new(organization);
        }
    }
}
