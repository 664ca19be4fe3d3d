using System.Diagnostics;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Outermost middleware: records every non-control request (method, path, masked query and form, final status,
/// duration, injected fault) in the request log and updates the request counters. Logs nothing to the console.
/// </summary>
public sealed class RequestRecordingMiddleware(RequestDelegate next, EmulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (EmulatorPaths.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }

        var seq = state.RequestLog.NextSequence();
        var arrived = state.Time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var form = await TryReadFormAsync(context);
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await next(context);
        }
        finally
        {
            var cut = FaultMarkers.WasCut(context) || context.RequestAborted.IsCancellationRequested;
            var status = cut ? 0 : context.Response.StatusCode;
            state.RecordRequest(new RequestRecord(
                seq,
                arrived,
                context.Request.Method,
                path,
                SecretMasking.MaskQuery(context.Request.QueryString),
                status,
                context.Request.Headers.Authorization.Count > 0,
                SecretMasking.MaskForm(form),
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
                FaultMarkers.AppliedFault(context),
                context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null));
            if (status is >= 200 and < 300)
            {
                state.PublishApiAudit(context.Request.Method, path, Ident(context));
            }
        }
    }

    /// <summary>Who made a request (the bearer token's ident), for the audit entries of the live stream.</summary>
    private static string? Ident(HttpContext context)
    {
        try
        {
            return context.Request.Headers.Authorization.Count > 0
                ? Auth.Caller.Authenticate(context, context.RequestServices.GetRequiredService<Auth.TokenService>()).Ident
                : null;
        }
        catch (EmulatorException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses the form up front (cached for the endpoint); a malformed body is left for the endpoint to reject. The body
    /// stays readable from its start: the ingestion host takes raw bytes that urllib labels as a form.
    /// </summary>
    private static async Task<IFormCollection?> TryReadFormAsync(HttpContext context)
    {
        var isForm = context.Request.HasFormContentType;
        if (isForm)
        {
            context.Request.EnableBuffering();
        }

        try
        {
            return (await RequestParams.ReadAsync(context)).Form;
        }
        catch (EmulatorException)
        {
            return null;
        }
        finally
        {
            if (isForm)
            {
                context.Request.Body.Position = 0;
            }
        }
    }
}
