using System.Text.Json;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Control;

/// <summary>Reads control-API JSON bodies; malformed JSON is a 400, an empty body yields an empty model.</summary>
internal static class ControlBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context)
        where T : new()
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, EmulatorJson.Control) ?? new T();
        }
        catch (JsonException ex)
        {
            throw EmulatorException.BadRequest($"invalid JSON body: {ex.Message}");
        }
    }
}
