using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Acting on a sensor, all with <c>sensor.task</c>: tasking, network isolation, seal.</summary>
internal static class SensorTaskEndpoints
{
    public const string IdempotentKeyHeader = "x-idempotent-key";

    public static IEndpointRouteBuilder MapSensorTasks(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/{sid}", SendTasks);
        routes.MapPost("/v1/{sid}/isolation", (string sid, Caller caller, EmulatorState state) => Isolation(sid, caller, state, true));
        routes.MapDelete("/v1/{sid}/isolation", (string sid, Caller caller, EmulatorState state) => Isolation(sid, caller, state, false));
        routes.MapPost("/v1/{sid}/seal", (string sid, Caller caller, EmulatorState state) => Seal(sid, caller, state, true));
        routes.MapDelete("/v1/{sid}/seal", (string sid, Caller caller, EmulatorState state) => Seal(sid, caller, state, false));
        return routes;
    }

    /// <summary>
    /// <c>POST /v1/{sid}</c>: form <c>tasks</c> (repeated; each one command line, commas kept), optional
    /// <c>investigation_id</c>, optional header <c>x-idempotent-key</c>. Each task is recorded
    /// (<see cref="EmulatorState.Tasks"/>); a key already used for this sensor is answered alike but not recorded again.
    /// An online sensor answers each task into the org's live stream (<see cref="EmulatorState.AnswerTasks"/>); an offline
    /// one does not, and the API still answers 200 (a guess: the SDK's task request just times out then).
    /// </summary>
    private static IResult SendTasks(string sid, Caller caller, RequestParams parameters, EmulatorState state, HttpContext context)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorTask);
        var commands = parameters.GetAll("tasks").Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        if (commands.Count == 0)
        {
            throw EmulatorException.BadRequest("tasks is required");
        }

        var header = context.Request.Headers[IdempotentKeyHeader].ToString();
        var key = string.IsNullOrWhiteSpace(header) ? null : header.Trim();
        var investigationId = parameters.GetNonEmpty("investigation_id");
        if (state.RecordTasks(sensor.Sid, commands, investigationId, key, caller.Ident))
        {
            state.AnswerTasks(sensor, commands, investigationId);
        }

        return EmulatorJson.Success();
    }

    /// <summary><c>POST</c> isolates (should_isolate and is_isolated true), <c>DELETE</c> rejoins the network.</summary>
    private static IResult Isolation(string sid, Caller caller, EmulatorState state, bool isolate)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorTask);
        state.SetIsolation(sensor.Sid, isolate);
        return EmulatorJson.Success();
    }

    /// <summary><c>POST</c> seals (should_seal and is_sealed true), <c>DELETE</c> unseals.</summary>
    private static IResult Seal(string sid, Caller caller, EmulatorState state, bool seal)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorTask);
        state.SetSeal(sensor.Sid, seal);
        return EmulatorJson.Success();
    }
}
