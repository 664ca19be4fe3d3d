namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Turns every exception into a JSON error body, never an HTML page: <see cref="EmulatorException"/> keeps
/// its status, malformed requests become 400, anything else 500 <c>internal emulator error: ...</c>.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a fault cut the connection): nobody to answer.
        }
        catch (Exception ex)
        {
            var (status, message) = ex switch
            {
                EmulatorException e => (e.StatusCode, e.Message),
                BadHttpRequestException e => (e.StatusCode, $"bad request: {e.Message}"),
                InvalidDataException e => (StatusCodes.Status400BadRequest, $"bad request: {e.Message}"),
                _ => (StatusCodes.Status500InternalServerError, $"internal emulator error: {ex.GetType().Name}: {ex.Message}"),
            };

            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            await EmulatorJson.WriteErrorAsync(context, status, message);
        }
    }
}
