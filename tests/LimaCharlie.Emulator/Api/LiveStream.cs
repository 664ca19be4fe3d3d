using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The live stream (sdk/spout.py, stream-tmp.limacharlie.io): <c>POST /{oid}</c> of the services host with a form
/// (<c>type</c> = event, detect, audit, deployment or billing; <c>jwt</c> or <c>api_key</c>), or a Bearer JWT instead
/// of <c>jwt</c>. Answers 200 <c>application/x-ndjson</c> that never ends: <c>{"__trace":"connected"}</c>, then one
/// record every <c>interval_ms</c> (an emulator extra, default 100) until the client goes away. A refused caller gets
/// the plain-text line <c>error: unauthorized</c> the SDK looks for, with status 200 as the service does.
/// </summary>
internal static class LiveStreamEndpoints
{
    public const int DefaultIntervalMs = 100;

    private static readonly string[] Types = ["event", "detect", "audit", "deployment", "billing"];

    public static IEndpointRouteBuilder MapLiveStream(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(EmulatorPaths.Services + "/{oid}", Stream);
        return routes;
    }

    private static async Task Stream(string oid, HttpContext context, RequestParams parameters, EmulatorState state, TokenService tokens)
    {
        var type = parameters.GetNonEmpty("type") ?? "event";
        if (!Types.Contains(type))
        {
            throw EmulatorException.BadRequest($"invalid type '{type}': one of {string.Join(", ", Types)}");
        }

        var interval = parameters.GetInt64("interval_ms") is { } ms and >= 1 and <= 60_000 ? (int)ms : DefaultIntervalMs;
        var org = state.RequireOrg(oid);
        var response = context.Response;
        response.ContentType = "application/x-ndjson";
        var ct = context.RequestAborted;
        if (!Allowed(context, parameters, state, tokens, org.Oid))
        {
            await response.WriteAsync("error: unauthorized\n", ct);
            return;
        }

        await WriteLineAsync(response, new JsonObject { ["__trace"] = "connected" }, ct);
        var sensors = state.Sensors(org.Oid);
        try
        {
            for (long n = 1; !ct.IsCancellationRequested; n++)
            {
                await Task.Delay(interval, ct);
                var sensor = sensors.Count == 0 ? null : sensors[(int)((n - 1) % sensors.Count)];
                await WriteLineAsync(response, Record(type, n, sensor, state.Time.GetUtcNow().ToUnixTimeMilliseconds()), ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away: the only way this stream ends.
        }
    }

    private static bool Allowed(HttpContext context, RequestParams parameters, EmulatorState state, TokenService tokens, string oid)
    {
        try
        {
            Caller caller;
            if (parameters.GetNonEmpty("jwt") is { } jwt)
            {
                caller = new Caller(tokens.Validate(jwt));
            }
            else if (parameters.GetNonEmpty("api_key") is { } key)
            {
                return state.FindKeyBySecret(key) is { Revoked: false } found && found.Oid == oid;
            }
            else
            {
                caller = Caller.Authenticate(context, tokens);
            }

            return caller.PermissionsFor(oid) is not null;
        }
        catch (EmulatorException)
        {
            return false;
        }
    }

    private static JsonObject Record(string type, long n, Sensor? sensor, long now)
    {
        var routing = new JsonObject
        {
            ["event_type"] = type == "event" ? "NEW_PROCESS" : type.ToUpperInvariant(),
            ["event_time"] = now,
            ["this"] = n.ToString("x16", CultureInfo.InvariantCulture),
        };
        if (sensor is not null)
        {
            routing["sid"] = sensor.Sid;
            routing["hostname"] = sensor.Hostname;
        }

        return new JsonObject { ["routing"] = routing, ["event"] = new JsonObject { ["n"] = n } };
    }

    private static async Task WriteLineAsync(HttpResponse response, JsonObject line, CancellationToken ct)
    {
        await response.WriteAsync(line.ToJsonString() + "\n", Encoding.UTF8, ct);
        await response.Body.FlushAsync(ct);
    }
}
