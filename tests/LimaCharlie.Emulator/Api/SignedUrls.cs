using System.Security;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;
using Microsoft.AspNetCore.Http.Features;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The storage side of signed URLs (<c>/_signed/...</c>, standing in for a cloud bucket): no LimaCharlie auth; the
/// query's signature is the credential. Errors are GCS-like XML: a request carrying an <c>Authorization</c> header →
/// 400 (a client must not send its JWT to storage), a wrong, foreign-method or expired signature → 403, an unknown
/// object (or an export that is not ready yet) → 404. Bodies stream in both directions.
/// </summary>
internal static class SignedUrlEndpoints
{
    private const long MaxUpload = 2L * 1024 * 1024 * 1024;

    public static IEndpointRouteBuilder MapSignedUrls(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(EmulatorState.SignedPrefix + "/artifacts/{oid}/{exportId}", GetExport);
        routes.MapGet(EmulatorState.SignedPrefix + "/payloads/{oid}/{name}", GetPayload);
        routes.MapPut(EmulatorState.SignedPrefix + "/payloads/{oid}/{name}", PutPayload);
        return routes;
    }

    private static async Task GetExport(string oid, string exportId, HttpContext context, EmulatorState state)
    {
        if (await RefuseAsync(context, state))
        {
            return;
        }

        var artifact = state.ReadExport(exportId, out var known);
        if (artifact is null)
        {
            await XmlErrorAsync(context, StatusCodes.Status404NotFound, "NoSuchKey",
                known ? "The export is not ready yet." : "The specified key does not exist.");
            return;
        }

        await SendAsync(context, artifact.Content);
    }

    private static async Task GetPayload(string oid, string name, HttpContext context, EmulatorState state)
    {
        if (await RefuseAsync(context, state))
        {
            return;
        }

        var payload = state.FindPayload(oid, RawPath.Segment(context, 3, name));
        if (payload is null)
        {
            await XmlErrorAsync(context, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        await SendAsync(context, payload.Content);
    }

    private static async Task PutPayload(string oid, string name, HttpContext context, EmulatorState state)
    {
        if (await RefuseAsync(context, state))
        {
            return;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = MaxUpload;
        }

        var body = context.Request.Body;
        byte[] bytes;
        if (context.Request.ContentLength is { } length)
        {
            if (length > MaxUpload)
            {
                await XmlErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "EntityTooLarge", "The upload is too large.");
                return;
            }

            bytes = new byte[length];
            await body.ReadExactlyAsync(bytes, context.RequestAborted);
        }
        else
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, context.RequestAborted);
            bytes = buffer.ToArray();
        }

        state.StorePayload(oid, RawPath.Segment(context, 3, name), bytes);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    /// <summary>Answers (and returns true) when the request carries an Authorization header or a bad signature.</summary>
    private static async Task<bool> RefuseAsync(HttpContext context, EmulatorState state)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            await XmlErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidAuthorization",
                "A signed URL must not be sent with an Authorization header.");
            return true;
        }

        var problem = state.CheckSignature(context.Request.Method, RawPathOnly(context), context.Request.Query);
        if (problem is null)
        {
            return false;
        }

        await XmlErrorAsync(context, StatusCodes.Status403Forbidden,
            problem.Contains("expired", StringComparison.Ordinal) ? "ExpiredToken" : "SignatureDoesNotMatch", problem);
        return true;
    }

    private static string RawPathOnly(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return context.Request.Path.Value ?? "/";
        }

        var query = raw.IndexOfAny(['?', '#']);
        return query < 0 ? raw : raw[..query];
    }

    private static async Task SendAsync(HttpContext context, FileContent content)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = content.Length;
        await content.CopyToAsync(response.Body, context.RequestAborted);
    }

    private static Task XmlErrorAsync(HttpContext context, int status, string code, string message)
    {
        var body = $"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>";
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/xml; charset=UTF-8";
        response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        return response.WriteAsync(body, context.RequestAborted);
    }
}
