using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>JSON settings and result helpers shared by every area.</summary>
public static class EmulatorJson
{
    /// <summary>
    /// LimaCharlie wire format: property names are written exactly as declared (the API uses snake_case
    /// names, which the handlers spell out), dictionary keys untouched.
    /// </summary>
    public static readonly JsonSerializerOptions Wire = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Control API (<c>/_emu/</c>): camelCase out, case-insensitive in, enums as strings.</summary>
    public static readonly JsonSerializerOptions Control = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>HTTP 200 with a LimaCharlie-shaped JSON body.</summary>
    public static IResult Ok(object value) => Results.Json(value, Wire);

    /// <summary>Options of <see cref="Write"/>: the same escaping as <see cref="Wire"/>.</summary>
    public static readonly JsonWriterOptions WireWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>HTTP 200 with a LimaCharlie-shaped JSON body written directly (large listings).</summary>
    public static IResult Write(Action<Utf8JsonWriter> write) => new WrittenJsonResult(write);

    /// <summary>HTTP 200 with a control-API JSON body.</summary>
    public static IResult ControlOk(object value) => Results.Json(value, Control);

    /// <summary>The <c>{"success": true}</c> answer used for acknowledgements.</summary>
    public static IResult Success() => Ok(new Dictionary<string, object> { ["success"] = true });

    /// <summary>
    /// Writes <c>{"error": message}</c> with the given status, replacing whatever was pending;
    /// <paramref name="addHeaders"/> may add headers before the body goes out.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message, Action<HttpResponse>? addHeaders = null)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = statusCode;
        addHeaders?.Invoke(response);
        return response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = message }, Wire);
    }
}

/// <summary>A JSON body produced with a <see cref="Utf8JsonWriter"/> into a buffer, then sent with its length.</summary>
internal sealed class WrittenJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, EmulatorJson.WireWriter))
        {
            write(writer);
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}
