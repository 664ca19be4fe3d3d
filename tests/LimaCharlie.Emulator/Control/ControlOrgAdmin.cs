using System.Text.Json;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes seeding quota usage, usage history and component errors (<c>/_emu/orgs/{oid}/usage|errors</c>).</summary>
internal static class ControlOrgAdmin
{
    public static RouteGroupBuilder MapOrgAdminControl(this RouteGroupBuilder emu)
    {
        emu.MapPost("/orgs/{oid}/usage", SeedUsage);
        emu.MapGet("/orgs/{oid}/errors", (string oid, EmulatorState state) => EmulatorJson.ControlOk(state.OrgErrors(oid).Select(ErrorView)));
        emu.MapPost("/orgs/{oid}/errors", SeedErrors);
        return emu;
    }

    private static async Task<IResult> SeedUsage(string oid, HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<UsageSeedRequest>(context);
        if (body.Breakdown is { } breakdown)
        {
            var categories = new Dictionary<string, OrgUsageCategory>(StringComparer.Ordinal);
            foreach (var (name, c) in breakdown)
            {
                if (string.IsNullOrWhiteSpace(name) || c.Count is not { } count || count < 0 || c.Weight is < 0)
                {
                    throw EmulatorException.BadRequest("every breakdown category needs a name and a count of 0 or more");
                }

                categories[name] = new OrgUsageCategory(count, c.Weight ?? 1);
            }

            state.SetUsage(oid, new OrgUsage(categories));
        }

        if (body.History is { } history)
        {
            state.SetUsageHistory(oid, history);
        }

        var usage = state.Usage(oid);
        return EmulatorJson.ControlOk(new Dictionary<string, object?>
        {
            ["usage"] = usage?.Total,
            ["categories"] = usage?.Breakdown.Keys.ToList(),
            ["historyDays"] = state.UsageHistory(oid).Count,
        });
    }

    private static async Task<IResult> SeedErrors(string oid, HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<OrgErrorSeedRequest>(context);
        var added = state.AddOrgErrors(oid, (body.Errors ?? []).Select(e =>
            new OrgErrorEntry(e.Component ?? string.Empty, e.Error ?? string.Empty, e.Ts ?? 0, e.Extra)));
        return EmulatorJson.ControlOk(new { count = added.Count });
    }

    private static Dictionary<string, object?> ErrorView(OrgErrorEntry e) => new()
    {
        ["component"] = e.Component,
        ["error"] = e.Error,
        ["ts"] = e.Ts,
        ["extra"] = e.Extra,
    };
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/usage</c>.</summary>
public sealed record UsageSeedRequest
{
    /// <summary>Category → count and weight (default 1); replaces the seeded breakdown.</summary>
    public Dictionary<string, UsageCategorySeed>? Breakdown { get; init; }

    /// <summary>Date (<c>YYYY-MM-DD</c>) → metrics object; adds or replaces those days.</summary>
    public Dictionary<string, JsonElement>? History { get; init; }
}

public sealed record UsageCategorySeed
{
    public long? Count { get; init; }

    public double? Weight { get; init; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/errors</c>.</summary>
public sealed record OrgErrorSeedRequest
{
    public List<OrgErrorSeed>? Errors { get; init; }
}

public sealed record OrgErrorSeed
{
    public string? Component { get; init; }

    public string? Error { get; init; }

    /// <summary>Milliseconds since the epoch; default now.</summary>
    public long? Ts { get; init; }

    public JsonElement? Extra { get; init; }
}
