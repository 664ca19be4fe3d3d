using Microsoft.AspNetCore.WebUtilities;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Gives body-less error statuses produced by the framework (unknown route → 404, wrong method → 405)
/// the API's JSON error shape.
/// </summary>
public static class JsonStatusCodePages
{
    public static IApplicationBuilder UseJsonStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var message = status switch
            {
                StatusCodes.Status404NotFound => "not found",
                StatusCodes.Status405MethodNotAllowed => "method not allowed",
                _ => ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant(),
            };
            return EmulatorJson.WriteErrorAsync(context.HttpContext, status, message);
        });
}
