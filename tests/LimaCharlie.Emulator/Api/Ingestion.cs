using System.Text;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The log-ingestion host (<c>url.logs</c>, sdk/artifacts.py <c>upload</c>), served by the services listener:
/// <c>POST /ingest</c>, <c>Authorization: Basic base64(oid:ingestion key)</c> checked against the org's ingestion keys
/// (no JWT), the file as the body, labelled by the <c>lc-source</c>, <c>lc-hint</c>, <c>lc-payload-id</c>,
/// <c>lc-path</c> (base64) headers; <c>lc-part</c> numbers the parts of a large file, the last one <c>done</c>. The upload
/// becomes an artifact of the org (<c>GET /v1/insight/{oid}/artifacts</c>). Answers <c>{}</c>, as the service often does.
/// </summary>
internal static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(EmulatorPaths.Services + "/ingest", Ingest);
        return routes;
    }

    private static async Task<IResult> Ingest(HttpContext context, EmulatorState state)
    {
        var oid = Authenticate(context, state);
        var headers = context.Request.Headers;
        string? path = null;
        if (headers["lc-path"].ToString() is { Length: > 0 } encoded)
        {
            try
            {
                path = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw EmulatorException.BadRequest("lc-path must be base64");
            }
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        state.Ingest(oid, new ArtifactSpec
        {
            PayloadId = NonEmpty(headers["lc-payload-id"]),
            Source = NonEmpty(headers["lc-source"]),
            Hint = NonEmpty(headers["lc-hint"]),
            Path = path,
        }, NonEmpty(headers["lc-part"]), body.ToArray());
        return EmulatorJson.Ok(new Dictionary<string, object>());
    }

    /// <summary>The org of a Basic <c>oid:key</c> whose key is one of its ingestion keys; 401 otherwise.</summary>
    private static string Authenticate(HttpContext context, EmulatorState state)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        var space = header.IndexOf(' ');
        if (space < 0 || !header[..space].Equals("basic", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorException.Unauthorized("expected 'Authorization: Basic base64(oid:ingestion key)'");
        }

        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[(space + 1)..].Trim()));
        }
        catch (FormatException)
        {
            throw EmulatorException.Unauthorized("the Basic credentials are not base64");
        }

        var colon = pair.IndexOf(':');
        if (colon < 0 || !Ids.TryNormalizeUuid(pair[..colon], out var oid) || state.FindOrg(oid) is null)
        {
            throw EmulatorException.Unauthorized("invalid ingestion key");
        }

        var key = pair[(colon + 1)..];
        if (!state.IngestionKeys(oid).Values.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            throw EmulatorException.Unauthorized("invalid ingestion key");
        }

        return oid;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
