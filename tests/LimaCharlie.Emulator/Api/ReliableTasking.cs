using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The reliable-tasking service as commands/task.py reaches it: <c>POST /v1/service/{oid}/reliable-tasking</c>, form
/// <c>request_data</c> (base64 of the JSON request) and <c>is_async</c>, permission <c>replicant.task</c> ("issue
/// requests to services"). Actions <c>task</c> (<c>task</c>, <c>sid</c>, <c>inv_id</c>?, <c>ttl</c>? seconds),
/// <c>list</c> (<c>sid</c>?) and <c>untask</c> (<c>sid</c>, <c>task_id</c>). The org must subscribe to
/// <c>ext-reliable-tasking</c>, the service's successor (a guess), else 403 <c>org not registered to service</c>.
/// </summary>
internal static class ReliableTaskingEndpoints
{
    public const string Service = "reliable-tasking";

    public const string Extension = "ext-reliable-tasking";

    public static IEndpointRouteBuilder MapReliableTasking(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/service/{oid}/" + Service, Request);
        return routes;
    }

    private static IResult Request(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ReplicantTask);
        if (!state.IsSubscribed(org.Oid, Extension))
        {
            throw new EmulatorException(StatusCodes.Status403Forbidden, "org not registered to service");
        }

        var request = RequestData(parameters);
        var action = Text(request, "action") ?? throw EmulatorException.BadRequest("action is required");
        switch (action)
        {
            case "task":
                var command = Text(request, "task") ?? throw EmulatorException.BadRequest("task is required (the command line to send)");
                var sid = Text(request, "sid") ?? throw EmulatorException.BadRequest("sid is required");
                TimeSpan? ttl = null;
                if (request["ttl"] is JsonNode ttlNode)
                {
                    ttl = ttlNode.GetValueKind() == JsonValueKind.Number && ttlNode.GetValue<double>() is var seconds and >= 1
                        ? TimeSpan.FromSeconds(seconds)
                        : throw EmulatorException.BadRequest("ttl must be a number of seconds, at least 1");
                }

                var task = state.AddReliableTask(org.Oid, sid, command, Text(request, "inv_id"), ttl, caller.Ident);
                return EmulatorJson.Ok(new JsonObject { ["task_id"] = task.TaskId });
            case "list":
                var listed = state.ReliableTasks(org.Oid, Text(request, "sid") is { } one ? Normalize(one) : null);
                return EmulatorJson.Ok(new JsonObject { ["tasks"] = new JsonArray([.. listed.Select(t => (JsonNode)t.ToWire())]) });
            case "untask":
                var target = Text(request, "sid") ?? throw EmulatorException.BadRequest("sid is required");
                var id = Text(request, "task_id") ?? throw EmulatorException.BadRequest("task_id is required");
                return state.RemoveReliableTask(org.Oid, Normalize(target), id)
                    ? EmulatorJson.Success()
                    : throw EmulatorException.NotFound($"task not found: {id}");
            default:
                throw EmulatorException.BadRequest($"unknown action '{action}' (actions: task, list, untask)");
        }
    }

    private static JsonObject RequestData(RequestParams parameters)
    {
        var encoded = parameters.GetNonEmpty("request_data") ?? throw EmulatorException.BadRequest("request_data is required");
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            return JsonNode.Parse(json) as JsonObject ?? throw EmulatorException.BadRequest("request_data must be a JSON object");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw EmulatorException.BadRequest($"invalid request_data: expected base64 of JSON ({ex.Message})");
        }
    }

    private static string? Text(JsonObject request, string name) =>
        request[name] is JsonNode node && node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text ? text : null;

    private static string Normalize(string sid) => Ids.TryNormalizeUuid(sid, out var normalized) ? normalized : sid;
}
