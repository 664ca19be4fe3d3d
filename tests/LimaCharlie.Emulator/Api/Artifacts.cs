using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Artifacts (limacharlie-api.md §3.15): the listing (<c>insight.list</c>) pages with <c>cursor</c>/<c>next_cursor</c>
/// like the other Insight listings; an original (<c>insight.evt.get</c>, it hands out retained content) is answered
/// inline as base64 gzip up to the inline limit, else as a signed export URL on this emulator.
/// </summary>
internal static class ArtifactEndpoints
{
    public static IEndpointRouteBuilder MapArtifacts(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/insight/{oid}/artifacts", List);
        routes.MapPost("/v1/insight/{oid}/artifacts/originals/{payloadId}", Original);
        return routes;
    }

    /// <summary><c>GET /v1/insight/{oid}/artifacts</c>: <c>{"logs": [...], "next_cursor": "..."}</c>, newest first.</summary>
    private static IResult List(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.list");
        var end = (parameters.GetInt64("end") ?? state.Time.GetUtcNow().ToUnixTimeSeconds()) * 1000;
        var start = (parameters.GetInt64("start") ?? (end / 1000) - 86_400) * 1000;
        if (start > end)
        {
            throw EmulatorException.BadRequest("start must not be after end (Unix seconds)");
        }

        var sid = parameters.GetNonEmpty("sid")?.Trim();
        if (sid is not null && Ids.TryNormalizeUuid(sid, out var normalized))
        {
            sid = normalized;
        }

        var hint = (parameters.GetNonEmpty("hint") ?? parameters.GetNonEmpty("type"))?.Trim();
        var source = parameters.GetNonEmpty("source")?.Trim();
        var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? InsightEndpoints.DefaultLimit, 1, InsightEndpoints.MaxLimit);
        var after = ReadCursor(parameters.Get("cursor"));

        var matching = state.Artifacts(org.Oid).Where(a =>
            a.TimeMs >= start && a.TimeMs <= end + 999
            && (sid is null || a.Sid == sid)
            && (hint is null || string.Equals(a.Hint, hint, StringComparison.OrdinalIgnoreCase))
            && (source is null || string.Equals(a.Source, source, StringComparison.OrdinalIgnoreCase)));
        if (after is { } position)
        {
            matching = matching.Where(a => a.TimeMs < position.TimeMs
                                           || (a.TimeMs == position.TimeMs && string.CompareOrdinal(a.PayloadId, position.PayloadId) > 0));
        }

        var page = matching.Take(limit + 1).ToList();
        var next = page.Count > limit ? WriteCursor(page[limit - 1]) : string.Empty;
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("logs");
            foreach (var artifact in page.Take(limit))
            {
                WriteArtifact(json, artifact);
            }

            json.WriteEndArray();
            json.WriteString("next_cursor", next);
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>POST /v1/insight/{oid}/artifacts/originals/{payload_id}</c>: <c>{"payload": "&lt;b64 gzip&gt;"}</c> up to the
    /// inline limit, else <c>{"export": "&lt;signed URL&gt;"}</c>; 404 for an unknown payload id.
    /// </summary>
    private static IResult Original(string oid, string payloadId, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.evt.get");
        var artifact = state.FindArtifact(org.Oid, payloadId) ?? throw EmulatorException.NotFound("artifact not found");
        if (artifact.Content.Length > (state.FilesSettings.InlineLimit ?? EmulatorState.DefaultInlineLimit))
        {
            return EmulatorJson.Ok(new Dictionary<string, string> { ["export"] = state.ExportArtifact(artifact).AbsoluteUri });
        }

        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(artifact.Content.ToArray());
        }

        return EmulatorJson.Ok(new Dictionary<string, string> { ["payload"] = Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length) });
    }

    private static void WriteArtifact(Utf8JsonWriter json, ArtifactRecord artifact)
    {
        json.WriteStartObject();
        json.WriteString("payload_id", artifact.PayloadId);
        json.WriteString("oid", artifact.Oid);
        if (artifact.Sid is not null)
        {
            json.WriteString("sid", artifact.Sid);
        }

        if (artifact.Hostname is not null)
        {
            json.WriteString("hostname", artifact.Hostname);
        }

        json.WriteString("path", artifact.Path);
        json.WriteString("source", artifact.Source);
        json.WriteString("hint", artifact.Hint);
        // The CLI filters listings on "type" (commands/artifact.py); the upload calls the same value its hint.
        json.WriteString("type", artifact.Hint);
        json.WriteNumber("size", artifact.Content.Length);
        json.WriteNumber("ts", artifact.TimeMs);
        json.WriteNumber("expiry", artifact.TimeMs + (30L * 86_400_000));
        json.WriteEndObject();
    }

    private static string WriteCursor(ArtifactRecord last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.TimeMs}:{last.PayloadId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long TimeMs, string PayloadId)? ReadCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor == "-")
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var colon = text.IndexOf(':');
            if (colon > 0 && long.TryParse(text[..colon], out var ms))
            {
                return (ms, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw EmulatorException.BadRequest("invalid cursor");
    }
}
