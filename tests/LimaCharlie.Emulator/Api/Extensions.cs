using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Extensions (limacharlie-api.md §3.17): the definitions, an org's subscriptions, and requests answered by a small
/// deterministic handler per built-in extension in the <c>{"data", "error", "retry"}</c> envelope.
/// </summary>
internal static class ExtensionEndpoints
{
    public static IEndpointRouteBuilder MapExtensions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/extension/definition", Definitions);
        routes.MapGet("/v1/orgs/{oid}/subscriptions", Subscriptions);
        routes.MapPost("/v1/orgs/{oid}/subscription/extension/{name}", Subscribe);
        routes.MapDelete("/v1/orgs/{oid}/subscription/extension/{name}", Unsubscribe);
        routes.MapPost("/v1/extension/request/{name}", Request);
        return routes;
    }

    /// <summary>Any token: every definition, as an object keyed by extension name.</summary>
    private static IResult Definitions(Caller caller) => EmulatorJson.Ok(ExtensionCatalog.Definitions);

    /// <summary><c>ext.sub</c>: <c>{"&lt;name&gt;": {"name", "subscribed_by", "subscribed_at" (s)}}</c>.</summary>
    private static IResult Subscriptions(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ExtSub);
        return EmulatorJson.Ok(state.Subscriptions(org.Oid).ToDictionary(s => s.Name, s => (object)new Dictionary<string, object>
        {
            ["name"] = s.Name,
            ["subscribed_by"] = s.SubscribedBy,
            ["subscribed_at"] = s.SubscribedAt.ToUnixTimeSeconds(),
        }));
    }

    private static IResult Subscribe(string oid, string name, Caller caller, EmulatorState state, HttpContext context)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ExtSub);
        state.Subscribe(org.Oid, RawPath.Segment(context, 5, name), caller.Ident);
        return EmulatorJson.Success();
    }

    private static IResult Unsubscribe(string oid, string name, Caller caller, EmulatorState state, HttpContext context)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ExtSub);
        state.Unsubscribe(org.Oid, RawPath.Segment(context, 5, name));
        return EmulatorJson.Success();
    }

    /// <summary>
    /// Form <c>oid</c> (<c>ext.request</c> there), <c>action</c>, <c>data</c> (JSON) or <c>gzdata</c> (base64 gzip JSON;
    /// none = <c>{}</c>). 403 <c>org not subscribed to extension</c> without a subscription. The handler's answer is the
    /// envelope: 200 on success; an application error (unknown action, bad input) 400, one to retry later 500.
    /// </summary>
    private static IResult Request(string name, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var oid = parameters.GetNonEmpty("oid") ?? throw EmulatorException.BadRequest("oid is required");
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ExtRequest);
        var extension = RawPath.Segment(context, 3, name);
        if (!ExtensionCatalog.Definitions.ContainsKey(extension))
        {
            throw EmulatorException.NotFound($"extension not found: {extension}");
        }

        if (!state.IsSubscribed(org.Oid, extension))
        {
            throw new EmulatorException(StatusCodes.Status403Forbidden, $"org not subscribed to extension {extension}");
        }

        var action = parameters.GetNonEmpty("action") ?? throw EmulatorException.BadRequest("action is required");
        var (data, compressed) = ReadData(parameters);
        state.RecordExtensionRequest(org.Oid, extension, action, compressed, data.Deserialize<JsonElement>());
        var (result, error, retry) = Handle(state, org.Oid, caller.Ident, extension, action, data);
        var envelope = new Dictionary<string, object?>
        {
            ["data"] = result ?? new JsonObject(),
            ["error"] = error ?? string.Empty,
            ["retry"] = retry,
        };
        if (string.IsNullOrEmpty(error))
        {
            return EmulatorJson.Ok(envelope);
        }

        // The gateway surfaces an extension's error as a non-200 (sdk/extensions.py:110); the codes are the extension's
        // own answer to its webhook (lc-extension: 500 retriable, 400 permanent), passed through.
        return Results.Json(envelope, EmulatorJson.Wire, statusCode: retry ? StatusCodes.Status500InternalServerError : StatusCodes.Status400BadRequest);
    }

    private static (JsonNode? Data, string? Error, bool Retry) Handle(
        EmulatorState state, string oid, string ident, string extension, string action, JsonObject data)
    {
        switch (extension, action)
        {
            case ("ext-reliable-tasking", "task"):
                if (data["task"]?.GetValueKind() != JsonValueKind.String)
                {
                    return (null, "missing 'task' (the command to send) in data", false);
                }

                var task = state.AddExtensionItem(oid, extension, number => new JsonObject
                {
                    ["task_id"] = $"rt-{number:D4}",
                    ["task"] = data["task"]!.GetValue<string>(),
                    ["selector"] = data["selector"]?.DeepClone() ?? "*",
                    ["ttl"] = data["ttl"]?.DeepClone() ?? 3600,
                    ["created_by"] = ident,
                });
                return (task, null, false);
            case ("ext-reliable-tasking", "list_tasks"):
                return (new JsonObject { ["tasks"] = new JsonArray([.. state.ExtensionItems(oid, extension)]) }, null, false);
            case ("ext-reliable-tasking", "untask"):
                var id = data["task_id"]?.GetValueKind() == JsonValueKind.String ? data["task_id"]!.GetValue<string>() : null;
                return id is not null && state.RemoveExtensionItem(oid, extension, "task_id", id)
                    ? (new JsonObject { ["task_id"] = id, ["removed"] = true }, null, false)
                    : (null, $"task not found: {id ?? "(no task_id in data)"}", false);
            case ("ext-cases", "create_case"):
                if (data["title"]?.GetValueKind() != JsonValueKind.String)
                {
                    return (null, "missing 'title' in data", false);
                }

                var item = state.AddExtensionItem(oid, extension, number => new JsonObject
                {
                    ["case_id"] = number,
                    ["title"] = data["title"]!.GetValue<string>(),
                    ["severity"] = data["severity"]?.DeepClone() ?? "medium",
                    ["status"] = "new",
                    ["created_by"] = ident,
                });
                return (item, null, false);
            case ("ext-cases", "list_cases"):
                return (new JsonObject { ["cases"] = new JsonArray([.. state.ExtensionItems(oid, extension)]) }, null, false);
            case ("ext-infrastructure", "fetch"):
                return (new JsonObject { ["org"] = state.SyncFetch(oid, data["options"] as JsonObject ?? new JsonObject()) }, null, false);
            case ("ext-infrastructure", "sync_status"):
                return (new JsonObject { ["in_sync"] = true, ["last_sync"] = 0 }, null, false);
            case ("ext-vulnerability-reporting", "get_report"):
                return (new JsonObject { ["critical"] = 0, ["high"] = 0, ["medium"] = 0, ["low"] = 0, ["sensors"] = state.CountSensors(oid) }, null, false);
            case ("ext-plaso", "run"):
                return (null, "no plaso worker is available, try again later", true);
            default:
                var actions = ExtensionCatalog.Definitions[extension]["actions"] as string[] ?? [];
                return (null, $"unknown action '{action}' for {extension} (actions: {string.Join(", ", actions)})", false);
        }
    }

    /// <summary>The request data: <c>gzdata</c> (base64 of gzip JSON) or <c>data</c> (JSON); a JSON object, else 400.</summary>
    private static (JsonObject Data, bool Compressed) ReadData(RequestParams parameters)
    {
        var compressed = false;
        var text = parameters.Get("data");
        if (parameters.GetNonEmpty("gzdata") is { } gzdata)
        {
            compressed = true;
            try
            {
                using var input = new MemoryStream(Convert.FromBase64String(gzdata.Trim()));
                using var gzip = new GZipStream(input, CompressionMode.Decompress);
                using var reader = new StreamReader(gzip);
                text = reader.ReadToEnd();
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException)
            {
                throw EmulatorException.BadRequest($"invalid gzdata: expected base64 of gzip-compressed JSON ({ex.Message})");
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (new JsonObject(), compressed);
        }

        try
        {
            return (JsonNode.Parse(text) as JsonObject ?? throw EmulatorException.BadRequest("data must be a JSON object"), compressed);
        }
        catch (JsonException ex)
        {
            throw EmulatorException.BadRequest($"invalid data: not JSON ({ex.Message})");
        }
    }
}
