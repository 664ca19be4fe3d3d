using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.Rules;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Hive (limacharlie-api.md §3.9) under <c>/v1/hive/{hive}/{pk}</c>, the partition key being the OID, plus the
/// read-only legacy views <c>GET /v1/rules/{oid}</c> (hives <c>dr-&lt;namespace&gt;</c>) and <c>GET /v1/fp/{oid}</c>
/// (hive <c>fp</c>). Hive names and record keys are read from the raw path (percent-decoded once, so <c>%2F</c> is a
/// <c>/</c> inside the key and <c>+</c> stays a plus). Permissions: <see cref="HivePermissions.For"/>.
/// </summary>
internal static class HiveEndpoints
{
    private const int HiveSegment = 2;
    private const int KeySegment = 4;

    private static readonly string[] RuleNamespaces = ["general", "managed", "service"];

    public static IEndpointRouteBuilder MapHive(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/hive/{hive}/{pk}", List);
        routes.MapGet("/v1/hive/{hive}/{pk}/{key}/data", GetData);
        routes.MapGet("/v1/hive/{hive}/{pk}/{key}/mtd", GetMetadata);
        routes.MapPost("/v1/hive/{hive}/{pk}/{key}/data", SetData);
        routes.MapPost("/v1/hive/{hive}/{pk}/{key}/validate", Validate);
        routes.MapPost("/v1/hive/{hive}/{pk}/{key}/mtd", SetMetadata);
        routes.MapPost("/v1/hive/{hive}/{pk}/{key}/rename", Rename);
        routes.MapDelete("/v1/hive/{hive}/{pk}/{key}", Delete);
        routes.MapGet("/v1/rules/{oid}", LegacyRules);
        routes.MapGet("/v1/fp/{oid}", LegacyFps);
        return routes;
    }

    /// <summary><c>GET /v1/hive/{hive}/{pk}</c>, <c>&lt;hive&gt;.get</c>: record name → Record (<c>{}</c> when none).</summary>
    private static IResult List(string hive, string pk, Caller caller, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.Get);
        return EmulatorJson.Ok(HiveViews.Records(state.HiveRecords(org.Oid, name)));
    }

    /// <summary><c>GET .../{key}/data</c>, <c>&lt;hive&gt;.get</c>: the Record; 404 <c>RECORD_NOT_FOUND</c>.</summary>
    private static IResult GetData(string hive, string pk, string key, Caller caller, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.Get);
        return EmulatorJson.Ok(HiveViews.Record(Require(state, org, name, RecordKey(context, key))));
    }

    /// <summary><c>GET .../{key}/mtd</c>, <c>&lt;hive&gt;.get.mtd</c>: the Record with <c>"data": {}</c>; 404 <c>RECORD_NOT_FOUND</c>.</summary>
    private static IResult GetMetadata(string hive, string pk, string key, Caller caller, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.GetMtd);
        return EmulatorJson.Ok(HiveViews.Record(Require(state, org, name, RecordKey(context, key)), withData: false));
    }

    /// <summary>
    /// <c>POST .../{key}/data</c>, <c>&lt;hive&gt;.set</c>: form <c>data</c> (JSON string) or <c>gzdata</c> (base64 gzip
    /// JSON), optional <c>usr_mtd</c> (JSON string; replaces the metadata, missing members default), optional <c>etag</c>.
    /// Upsert: a new record is disabled unless <c>usr_mtd.enabled</c>; without <c>usr_mtd</c> an update keeps the
    /// metadata; without data an update keeps the data. 409 <c>ETAG_MISMATCH</c>, 400 bad JSON or data shape.
    /// </summary>
    private static IResult SetData(
        string hive, string pk, string key, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.Set);
        var (hasData, data) = ReadData(parameters);
        if (hasData)
        {
            ValidateData(name, data);
        }

        var usrMtd = ReadUserMetadata(parameters.Get("usr_mtd"), state);
        var record = state.PutHiveData(
            org.Oid, name, RecordKey(context, key), hasData, data, usrMtd, parameters.GetNonEmpty("etag"), caller.Ident);
        return EmulatorJson.Ok(HiveViews.WriteAnswer(record));
    }

    /// <summary><c>POST .../{key}/validate</c>, <c>&lt;hive&gt;.get</c>: the checks of <c>/data</c> without writing; <c>{"success": true}</c> or 400.</summary>
    private static IResult Validate(string hive, string pk, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var (name, _) = Authorize(context, hive, pk, caller, state, HiveAction.Get);
        var (hasData, data) = ReadData(parameters);
        if (!hasData)
        {
            throw EmulatorException.BadRequest("data or gzdata is required");
        }

        ValidateData(name, data);
        ReadUserMetadata(parameters.Get("usr_mtd"), state);
        return EmulatorJson.Success();
    }

    /// <summary>
    /// <c>POST .../{key}/mtd</c>, <c>&lt;hive&gt;.set.mtd</c>: form <c>usr_mtd</c> (required), optional <c>etag</c>; existing
    /// records only (404 <c>RECORD_NOT_FOUND</c>).
    /// </summary>
    private static IResult SetMetadata(
        string hive, string pk, string key, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.SetMtd);
        var usrMtd = ReadUserMetadata(parameters.Get("usr_mtd"), state) ?? throw EmulatorException.BadRequest("usr_mtd is required");
        var record = state.PutHiveMetadata(org.Oid, name, RecordKey(context, key), usrMtd, parameters.GetNonEmpty("etag"), caller.Ident);
        return EmulatorJson.Ok(HiveViews.WriteAnswer(record));
    }

    /// <summary>
    /// <c>POST .../{key}/rename</c>, <c>&lt;hive&gt;.set</c>: <c>new_name</c> in the form or the query; answers like a
    /// write (with the new name). 404 unknown source, 409 existing target.
    /// </summary>
    private static IResult Rename(
        string hive, string pk, string key, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.Set);
        var newName = parameters.Get("new_name");
        if (string.IsNullOrEmpty(newName))
        {
            throw EmulatorException.BadRequest("new_name is required");
        }

        var record = state.RenameHiveRecord(org.Oid, name, RecordKey(context, key), newName, caller.Ident);
        return EmulatorJson.Ok(HiveViews.WriteAnswer(record));
    }

    /// <summary><c>DELETE .../{key}</c>, <c>&lt;hive&gt;.del</c>: <c>{"success": true}</c>; 404 <c>RECORD_NOT_FOUND</c>.</summary>
    private static IResult Delete(string hive, string pk, string key, Caller caller, EmulatorState state, HttpContext context)
    {
        var (name, org) = Authorize(context, hive, pk, caller, state, HiveAction.Del);
        return state.DeleteHiveRecord(org.Oid, name, RecordKey(context, key))
            ? EmulatorJson.Success()
            : throw EmulatorException.NotFound(EmulatorState.RecordNotFound);
    }

    /// <summary>
    /// <c>GET /v1/rules/{oid}</c>, query <c>namespace</c> (<c>general</c> default, <c>managed</c>, <c>service</c>), the list
    /// permission of that namespace: name → <c>{"name", "namespace", "detect", "respond", "is_enabled", "expire_on"}</c>
    /// from hive <c>dr-&lt;namespace&gt;</c>.
    /// </summary>
    private static IResult LegacyRules(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var ns = parameters.GetNonEmpty("namespace")?.Trim() ?? "general";
        if (!RuleNamespaces.Contains(ns, StringComparer.Ordinal))
        {
            throw EmulatorException.BadRequest($"invalid namespace '{ns}': expected one of {string.Join(", ", RuleNamespaces)}");
        }

        var hive = $"dr-{ns}";
        var org = caller.AuthorizeOrg(state, oid, HivePermissions.For(hive, HiveAction.Get));
        return EmulatorJson.Ok(state.HiveRecords(org.Oid, hive)
            .ToDictionary(r => r.Name, r => HiveViews.LegacyRule(r, ns), StringComparer.Ordinal));
    }

    /// <summary><c>GET /v1/fp/{oid}</c>, <c>fp.ctrl</c>: name → <c>{"data": rule, "oid", "name"}</c> from hive <c>fp</c>.</summary>
    private static IResult LegacyFps(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.FpCtrl);
        return EmulatorJson.Ok(state.HiveRecords(org.Oid, "fp")
            .ToDictionary(r => r.Name, HiveViews.LegacyFp, StringComparer.Ordinal));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static (string Hive, Organization Org) Authorize(
        HttpContext context, string hive, string pk, Caller caller, EmulatorState state, HiveAction action)
    {
        var name = RawPath.Segment(context, HiveSegment, hive);
        return (name, caller.AuthorizeOrg(state, pk, HivePermissions.For(name, action)));
    }

    private static string RecordKey(HttpContext context, string key) => RawPath.Segment(context, KeySegment, key);

    private static HiveRecord Require(EmulatorState state, Organization org, string hive, string key) =>
        state.FindHiveRecord(org.Oid, hive, key) ?? throw EmulatorException.NotFound(EmulatorState.RecordNotFound);

    /// <summary>The record data from <c>gzdata</c> or <c>data</c>; (false, null) when neither is sent.</summary>
    private static (bool HasData, JsonElement? Data) ReadData(RequestParams parameters)
    {
        var text = parameters.Get("data");
        if (parameters.GetNonEmpty("gzdata") is { } gzdata)
        {
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

        if (text is null)
        {
            return (false, null);
        }

        var element = ParseJson(text, "data");
        return (true, element.ValueKind == JsonValueKind.Null ? null : element);
    }

    private static JsonElement ParseJson(string text, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw EmulatorException.BadRequest($"invalid {field}: not valid JSON ({ex.Message})");
        }
    }

    /// <summary>
    /// Per-hive shape checks: <c>dr-*</c> an object with <c>detect</c> (object) and <c>respond</c> (list); <c>secret</c>
    /// <c>{"secret": "..."}</c>; <c>fp</c> and every other hive an object (other hives also accept null).
    /// </summary>
    private static void ValidateData(string hive, JsonElement? data)
    {
        var isRule = hive.StartsWith("dr-", StringComparison.Ordinal);
        if (data is not { } value)
        {
            if (isRule || hive is "fp" or "secret")
            {
                throw EmulatorException.BadRequest($"invalid data: hive {hive} requires a JSON object");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.BadRequest(isRule
                ? "invalid rule: data must be an object with 'detect' and 'respond'"
                : $"invalid data: must be a JSON object, got {value.ValueKind.ToString().ToLowerInvariant()}");
        }

        if (isRule)
        {
            if (!value.TryGetProperty("detect", out var detect))
            {
                throw EmulatorException.BadRequest("invalid rule: missing 'detect'");
            }

            if (detect.ValueKind != JsonValueKind.Object)
            {
                throw EmulatorException.BadRequest("invalid rule: 'detect' must be an object");
            }

            if (!value.TryGetProperty("respond", out var respond))
            {
                throw EmulatorException.BadRequest("invalid rule: missing 'respond'");
            }

            if (respond.ValueKind != JsonValueKind.Array)
            {
                throw EmulatorException.BadRequest("invalid rule: 'respond' must be a list");
            }

            Compile(() =>
            {
                DetectionEngine.Validate(JsonNode.Parse(detect.GetRawText()));
                ResponseActions.Validate(JsonNode.Parse(respond.GetRawText()));
            });
        }
        else if (hive == "fp")
        {
            // A false-positive rule is a detection over the detection's fields (cat, detect/event/..., routing/...).
            Compile(() => DetectionEngine.Validate(JsonNode.Parse(value.GetRawText())));
        }
        else if (hive == "secret"
                 && (!value.TryGetProperty("secret", out var secret) || secret.ValueKind != JsonValueKind.String))
        {
            throw EmulatorException.BadRequest("invalid secret: data must be {\"secret\": \"<string>\"}");
        }
    }

    private static void Compile(Action check)
    {
        try
        {
            check();
        }
        catch (RuleCompileException e)
        {
            throw EmulatorException.BadRequest($"invalid rule: {e.Message}");
        }
    }

    /// <summary>
    /// Parses <c>usr_mtd</c>: <c>{"enabled", "expiry" (ms), "tags", "comment", "ui_actions"}</c>, missing members default
    /// (false, 0, [], "", none); <c>enabled</c> may be a boolean string in any case. Null when not sent. An expiry
    /// already past is refused (400 <c>INVALID_EXPIRY_TIME</c>: the service's code, seen by the v5 CLI's tests when
    /// it sent seconds; the status is a guess).
    /// </summary>
    private static HiveUserMetadata? ReadUserMetadata(string? text, EmulatorState state)
    {
        if (text is null)
        {
            return null;
        }

        var element = ParseJson(text, "usr_mtd");
        if (element.ValueKind == JsonValueKind.Null)
        {
            return HiveUserMetadata.Default;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.BadRequest("invalid usr_mtd: must be a JSON object");
        }

        var enabled = false;
        if (element.TryGetProperty("enabled", out var e))
        {
            enabled = e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                JsonValueKind.String when bool.TryParse(e.GetString(), out var b) => b,
                _ => throw EmulatorException.BadRequest("invalid usr_mtd: 'enabled' must be a boolean"),
            };
        }

        long expiry = 0;
        if (element.TryGetProperty("expiry", out var x) && x.ValueKind != JsonValueKind.Null)
        {
            if (x.ValueKind != JsonValueKind.Number)
            {
                throw EmulatorException.BadRequest("invalid usr_mtd: 'expiry' must be a millisecond epoch");
            }

            expiry = x.TryGetInt64(out var whole) ? whole : (long)x.GetDouble();
            if (expiry != 0 && expiry <= state.Time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                throw EmulatorException.BadRequest($"lc_error_code:INVALID_EXPIRY_TIME: expiry {expiry} (milliseconds) is not in the future");
            }
        }

        var tags = new List<string>();
        if (element.TryGetProperty("tags", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Array || t.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
            {
                throw EmulatorException.BadRequest("invalid usr_mtd: 'tags' must be a list of strings");
            }

            tags.AddRange(t.EnumerateArray().Select(i => i.GetString()!));
        }

        var comment = string.Empty;
        if (element.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            comment = c.ValueKind == JsonValueKind.String
                ? c.GetString()!
                : throw EmulatorException.BadRequest("invalid usr_mtd: 'comment' must be a string");
        }

        JsonElement? uiActions = null;
        if (element.TryGetProperty("ui_actions", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Array || a.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.Object))
            {
                throw EmulatorException.BadRequest("invalid usr_mtd: 'ui_actions' must be a list of objects");
            }

            uiActions = a.Clone();
        }

        return new HiveUserMetadata(enabled, expiry, tags, comment, uiActions);
    }
}
