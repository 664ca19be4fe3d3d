using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The cases service (<c>url.cases</c>, sdk/cases.py): <c>api/v1/...</c> on the services host, Bearer JWT of the org,
/// JSON bodies, the org in the query (<c>oids</c> for the listing, <c>oid</c> elsewhere). Reading needs
/// <c>org.get</c>, writing <c>ext.request</c> (a guess: the cases service is the <c>ext-cases</c> extension).
/// </summary>
internal static class CasesEndpoints
{
    private const string Root = EmulatorPaths.Services + "/api/v1/cases";
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Root, List);
        routes.MapPost(Root, Create);
        routes.MapGet(Root + "/{number}", Get);
        routes.MapPatch(Root + "/{number}", Update);
        routes.MapPost(Root + "/{number}/notes", AddNote);
        return routes;
    }

    /// <summary>
    /// <c>GET api/v1/cases?oids=</c> (comma-separated), optional <c>status</c>/<c>severity</c> (comma-separated),
    /// <c>page_size</c> (1-200, default 50) and <c>page_token</c>: <c>{"cases":[...], "next_page_token", "total"}</c>, newest first.
    /// </summary>
    private static IResult List(HttpContext context, Caller caller, EmulatorState state)
    {
        var query = context.Request.Query;
        var oids = Split(query["oids"]);
        if (oids.Count == 0)
        {
            throw EmulatorException.BadRequest("oids is required");
        }

        var status = Split(query["status"]);
        var severity = Split(query["severity"]);
        var all = oids
            .SelectMany(oid => state.Cases(caller.AuthorizeOrg(state, oid, OrgPermissions.OrgGet).Oid))
            .Where(c => status.Count == 0 || status.Contains((string)c["status"]!))
            .Where(c => severity.Count == 0 || severity.Contains((string)c["severity"]!))
            .ToList();
        var size = Number(query["page_size"], 50, 1, MaxPageSize, "page_size");
        var offset = Number(query["page_token"], 0, 0, int.MaxValue, "page_token");
        var page = all.Skip(offset).Take(size).Select(Summary).ToList();
        var next = offset + size < all.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return EmulatorJson.Ok(new JsonObject
        {
            ["cases"] = new JsonArray([.. page]),
            ["next_page_token"] = next,
            ["total"] = all.Count,
        });
    }

    /// <summary><c>POST api/v1/cases?oid=</c> <c>{"summary", "severity"}</c>: the new case (a guess; the SDK opens cases through ext-cases).</summary>
    private static async Task<IResult> Create(HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, Oid(context), OrgPermissions.ExtRequest);
        var body = await ReadObjectAsync(context);
        var made = state.CreateCase(org.Oid, Text(body, "summary"), Text(body, "severity"), caller.Ident);
        return EmulatorJson.Ok(new JsonObject { ["case"] = Summary(made) });
    }

    /// <summary><c>GET api/v1/cases/{n}?oid=</c>: <c>{"case": {...}, "events": [notes...]}</c>.</summary>
    private static IResult Get(string number, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, Oid(context), OrgPermissions.OrgGet);
        var item = state.FindCase(org.Oid, CaseNumber(number));
        var notes = item["notes"]!.DeepClone();
        return EmulatorJson.Ok(new JsonObject { ["case"] = Summary(item), ["events"] = notes });
    }

    private static readonly string[] Changeable = ["status", "severity", "summary", "conclusion", "classification", "assignees", "tags"];

    /// <summary><c>PATCH api/v1/cases/{n}?oid=</c> with any of <see cref="Changeable"/>: the changed case.</summary>
    private static async Task<IResult> Update(string number, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, Oid(context), OrgPermissions.ExtRequest);
        var body = await ReadObjectAsync(context);
        var unknown = body.Select(p => p.Key).Where(k => !Changeable.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw EmulatorException.BadRequest($"unknown field(s): {string.Join(", ", unknown)}");
        }

        Check(Text(body, "status"), EmulatorState.CaseStatuses, "status");
        Check(Text(body, "severity"), EmulatorState.CaseSeverities, "severity");
        var changed = state.ChangeCase(org.Oid, CaseNumber(number), item =>
        {
            foreach (var (key, value) in body)
            {
                item[key] = value?.DeepClone();
            }
        });
        return EmulatorJson.Ok(new JsonObject { ["case"] = Summary(changed) });
    }

    /// <summary><c>POST api/v1/cases/{n}/notes?oid=</c> <c>{"content", "note_type", "is_public"}</c>: the note as a case event.</summary>
    private static async Task<IResult> AddNote(string number, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, Oid(context), OrgPermissions.ExtRequest);
        var body = await ReadObjectAsync(context);
        var content = Text(body, "content");
        if (string.IsNullOrEmpty(content))
        {
            throw EmulatorException.BadRequest("content is required");
        }

        JsonObject? note = null;
        state.ChangeCase(org.Oid, CaseNumber(number), item =>
        {
            var notes = (JsonArray)item["notes"]!;
            note = new JsonObject
            {
                ["event_id"] = Guid.NewGuid().ToString(),
                ["event_type"] = "note",
                ["note_type"] = Text(body, "note_type") ?? "general",
                ["content"] = content,
                ["is_public"] = body["is_public"]?.GetValueKind() == JsonValueKind.True,
                ["author"] = caller.Ident,
                ["created_at"] = state.Time.GetUtcNow().ToString("O"),
            };
            notes.Add(note);
        });
        return EmulatorJson.Ok(note!.DeepClone());
    }

    /// <summary>A case without its notes (they are its events).</summary>
    private static JsonObject Summary(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        copy.Remove("notes");
        return copy;
    }

    private static string Oid(HttpContext context) =>
        context.Request.Query["oid"].FirstOrDefault() is { Length: > 0 } oid ? oid : throw EmulatorException.BadRequest("oid is required");

    private static int CaseNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw EmulatorException.BadRequest($"invalid case number: {text}");

    private static int Number(string? text, int fallback, int min, int max, string name) =>
        string.IsNullOrEmpty(text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw EmulatorException.BadRequest($"invalid {name}: {text}");

    private static List<string> Split(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static void Check(string? value, IReadOnlyList<string> allowed, string name)
    {
        if (value is not null && !allowed.Contains(value))
        {
            throw EmulatorException.BadRequest($"invalid {name} '{value}': one of {string.Join(", ", allowed)}");
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>The JSON object of the body; an empty body is <c>{}</c>, anything else 400.</summary>
    internal static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw EmulatorException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw EmulatorException.BadRequest($"invalid JSON body: {e.Message}");
        }
    }
}
