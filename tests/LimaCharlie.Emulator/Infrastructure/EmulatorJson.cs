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
