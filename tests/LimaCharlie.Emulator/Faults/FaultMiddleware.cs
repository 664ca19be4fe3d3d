using System.Globalization;
using System.IO.Compression;
using System.Text;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;
using Microsoft.AspNetCore.WebUtilities;

namespace LimaCharlie.Emulator.Faults;

/// <summary>Applies the fault chosen by <see cref="FaultInjector"/> (if any) before the request reaches its endpoint.</summary>
public sealed class FaultMiddleware(RequestDelegate next, EmulatorState state)
{
    private const string DefaultRawContentType = "text/plain; charset=utf-8";

    public async Task InvokeAsync(HttpContext context)
    {
        var fault = EmulatorPaths.IsControl(context.Request.Path)
            ? null
            : state.Faults.Next(context.Request.Method, EmulatorPaths.AsSent(context));
        if (fault is null)
        {
            await next(context);
            return;
        }

        var spec = fault.Spec;
        FaultMarkers.MarkApplied(context, fault.Id);
        state.RecordFaultInjected();

        if (spec.DelayMs is > 0)
        {
            await Task.Delay(spec.DelayMs.Value, context.RequestAborted);
        }

        if (spec.Cut)
        {
            FaultMarkers.MarkCut(context);
            context.Abort();
        }
        else if (spec.CutBody || spec.TruncateGzip)
        {
            await WriteDamagedAsync(context, spec);
        }
        else if (spec.Body is not null)
        {
            await WriteRawAsync(context, spec);
        }
        else if (spec.Status is { } status)
        {
            await EmulatorJson.WriteErrorAsync(
                context, status, spec.Error ?? DefaultMessage(status), response => AddHeaders(response, spec, status));
        }
        else
        {
            await next(context);
        }
    }

    private async Task WriteDamagedAsync(HttpContext context, FaultSpec spec)
    {
        var response = context.Response;
        var wire = response.Body;
        byte[] answer;
        using (var buffer = new MemoryStream())
        {
            response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                response.Body = wire;
            }

            answer = buffer.ToArray();
        }

        if (spec.TruncateGzip)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(answer);
            }

            var half = compressed.ToArray()[..(int)(compressed.Length / 2)];
            response.Headers.ContentEncoding = "gzip";
            response.ContentLength = half.Length;
            await wire.WriteAsync(half, context.RequestAborted);
            return;
        }

        response.ContentLength = answer.Length;
        await wire.WriteAsync(answer.AsMemory(0, answer.Length / 2), context.RequestAborted);
        await wire.FlushAsync(context.RequestAborted);
        FaultMarkers.MarkCut(context);
        context.Abort();
    }

    private static async Task WriteRawAsync(HttpContext context, FaultSpec spec)
    {
        var response = context.Response;
        var status = spec.Status ?? StatusCodes.Status200OK;
        var body = Encoding.UTF8.GetBytes(spec.Body!);
        response.StatusCode = status;
        var contentType = spec.ContentType ?? (body.Length == 0 ? null : DefaultRawContentType);
        if (!string.IsNullOrEmpty(contentType))
        {
            response.ContentType = contentType;
        }

        // An explicit length also keeps the JSON status-code pages from replacing an empty error body.
        response.ContentLength = body.Length;
        AddHeaders(response, spec, status);
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static void AddHeaders(HttpResponse response, FaultSpec spec, int status)
    {
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers["X-RateLimit-Quota"] = (spec.RateLimitQuota ?? 100).ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Period"] = (spec.RatePeriod ?? 60).ToString(CultureInfo.InvariantCulture);
        }

        if (spec.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "rate limit exceeded",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase.ToLowerInvariant() : "injected fault",
    };
}
