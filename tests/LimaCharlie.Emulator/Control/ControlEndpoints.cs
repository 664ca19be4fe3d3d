using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>
/// Test control API under <c>/_emu/</c>: seeding and inspecting state, settings, faults, the request log and
/// counters. No auth, JSON in and out, never faulted or recorded. Each route calls the <see cref="EmulatorState"/>
/// method of the same name, which in-process tests may call directly.
/// </summary>
internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder routes)
    {
        var emu = routes.MapGroup(EmulatorPaths.Control);

        emu.MapPost("/reset", (EmulatorState state) =>
        {
            state.Reset();
            return EmulatorJson.Success();
        });

        emu.MapGet("/orgs", (EmulatorState state) => EmulatorJson.ControlOk(state.Orgs.Select(OrgView)));
        emu.MapPost("/orgs", CreateOrg);

        emu.MapGet("/users", (EmulatorState state) => EmulatorJson.ControlOk(state.Users));
        emu.MapPost("/users", CreateUser);
        emu.MapPost("/users/{uid}/orgs", GrantOrg);

        emu.MapGet("/keys", (EmulatorState state) => EmulatorJson.ControlOk(state.Keys.Select(KeyView)));
        emu.MapPost("/keys", CreateKey);
        emu.MapPost("/keys/{id}/revoke", (string id, EmulatorState state) =>
            state.RevokeKey(id)
                ? EmulatorJson.ControlOk(KeyView(state.FindKey(id)!))
                : throw EmulatorException.NotFound("api key not found"));

        emu.MapGet("/settings", (EmulatorState state) => EmulatorJson.ControlOk(Settings(state)));
        emu.MapGet("/urls", (EmulatorState state) => EmulatorJson.ControlOk(new { api = state.BaseUrl, search = state.SearchUrl, services = state.ServicesUrl }));
        emu.MapPost("/orgs/{oid}/findings", async (string oid, HttpContext context, EmulatorState state) =>
            EmulatorJson.ControlOk(new { count = state.SetFindings(oid, (await ControlBody.ReadAsync<FindingsRequest>(context)).Count) }));
        emu.MapPost("/orgs/{oid}/cases", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var body = await ControlBody.ReadAsync<CaseRequest>(context);
            return EmulatorJson.ControlOk(state.CreateCase(oid, body.Summary, body.Severity, EmulatorState.EmulatorIdent));
        });
        emu.MapGet("/downloads/{**target}", (string target) =>
        {
            var bytes = DownloadEndpoints.Payload(target);
            return EmulatorJson.ControlOk(new { target, length = bytes.Length, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) });
        });
        emu.MapGet("/searches", (EmulatorState state) => EmulatorJson.ControlOk(state.SearchQueries.Select(q => new
        {
            q.QueryId, q.Oid, query = q.Text, q.Stream, q.State, q.PagesCompleted, q.HasMorePages, q.EventsScanned,
            submittedAt = q.SubmittedAt, lastActivityAt = q.LastActivityAt,
        })));
        emu.MapPost("/settings", UpdateSettings);

        emu.MapGet("/faults", (EmulatorState state) => EmulatorJson.ControlOk(state.Faults.Active));
        emu.MapPost("/faults", AddFault);
        emu.MapDelete("/faults", (EmulatorState state) =>
        {
            state.ClearFaults();
            return EmulatorJson.Success();
        });
        emu.MapDelete("/faults/{id}", (string id, EmulatorState state) =>
            state.Faults.Remove(id)
                ? EmulatorJson.Success()
                : throw EmulatorException.NotFound("fault not found"));

        emu.MapGet("/requests", (EmulatorState state) => EmulatorJson.ControlOk(state.Requests));
        emu.MapDelete("/requests", (EmulatorState state) =>
        {
            state.ClearRequests();
            return EmulatorJson.Success();
        });

        emu.MapGet("/counters", (EmulatorState state) => EmulatorJson.ControlOk(state.Counters));
        // The other control files of this namespace (seeding per area) register themselves: RouteAreas.
        RouteAreas.MapAll(emu, typeof(ControlEndpoints).Namespace!, typeof(ControlEndpoints));
        return routes;
    }

    private static async Task<IResult> CreateOrg(HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<OrgCreateRequest>(context);
        var org = state.CreateOrg(
            body.Name ?? throw EmulatorException.BadRequest("name is required"),
            body.Oid,
            body.Description,
            body.Location,
            body.Template,
            body.SensorQuota ?? 0);
        return EmulatorJson.ControlOk(OrgView(org));
    }

    private static async Task<IResult> CreateUser(HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<UserCreateRequest>(context);
        return EmulatorJson.ControlOk(state.CreateUser(body.Email ?? string.Empty, body.Uid));
    }

    private static async Task<IResult> GrantOrg(string uid, HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<GrantRequest>(context);
        var grant = state.GrantOrg(uid, body.Oid ?? throw EmulatorException.BadRequest("oid is required"), body.Perms, body.Owner ?? false);
        return EmulatorJson.ControlOk(new { uid = grant.Uid, oid = grant.Oid, perms = grant.Perms, owner = grant.IsOwner });
    }

    private static async Task<IResult> CreateKey(HttpContext context, EmulatorState state)
    {
        var spec = await ControlBody.ReadAsync<KeySpec>(context);
        return EmulatorJson.ControlOk(KeyView(state.CreateKey(spec)));
    }

    private static async Task<IResult> UpdateSettings(HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<SettingsModel>(context);
        if (body.TokenLifetimeSeconds is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds <= 0)
            {
                throw EmulatorException.BadRequest("tokenLifetimeSeconds must be positive");
            }

            state.TokenLifetime = TimeSpan.FromSeconds(seconds);
        }

        var search = state.SearchSettings;
        state.SearchSettings = search with
        {
            ResultsPerPage = body.SearchResultsPerPage ?? search.ResultsPerPage,
            PendingPolls = body.SearchPendingPolls ?? search.PendingPolls,
            PollIntervalMs = body.SearchPollIntervalMs ?? search.PollIntervalMs,
            MaxConcurrentQueries = body.SearchMaxConcurrentQueries ?? search.MaxConcurrentQueries,
        };
        if (body.DeleteConfirmationSeconds is { } confirmation)
        {
            if (!double.IsFinite(confirmation) || confirmation < 0)
            {
                throw EmulatorException.BadRequest("deleteConfirmationSeconds must be 0 or more");
            }

            state.DeleteConfirmationLifetime = TimeSpan.FromSeconds(confirmation);
        }

        return EmulatorJson.ControlOk(Settings(state));
    }

    private static async Task<IResult> AddFault(HttpContext context, EmulatorState state)
    {
        var spec = await ControlBody.ReadAsync<FaultSpec>(context);
        return EmulatorJson.ControlOk(new { id = state.AddFault(spec) });
    }

    private static SettingsModel Settings(EmulatorState state)
    {
        var search = state.SearchSettings;
        return new()
        {
            TokenLifetimeSeconds = state.TokenLifetime.TotalSeconds,
            SearchResultsPerPage = search.ResultsPerPage,
            SearchPendingPolls = search.PendingPolls,
            SearchPollIntervalMs = search.PollIntervalMs,
            SearchMaxConcurrentQueries = search.MaxConcurrentQueries,
            DeleteConfirmationSeconds = state.DeleteConfirmationLifetime.TotalSeconds,
        };
    }

    /// <summary>The org as <c>GET /v1/orgs/{oid}</c> shows it, plus the seeding-only fields.</summary>
    private static Dictionary<string, object?> OrgView(Organization org)
    {
        var view = OrgViews.Info(org);
        view["location"] = org.Location;
        view["region_code"] = org.RegionCode;
        view["template"] = org.Template;
        return view;
    }

    /// <summary>A key with its secret (test credentials), and <c>oid</c> or <c>uid</c> by kind.</summary>
    private static Dictionary<string, object?> KeyView(ApiKey key)
    {
        var view = new Dictionary<string, object?>
        {
            ["id"] = key.Id,
            ["secret"] = key.Secret,
            ["kind"] = key.Kind == ApiKeyKind.Org ? "org" : "user",
            ["name"] = key.Name,
            ["revoked"] = key.Revoked,
            ["created"] = key.Created.ToUnixTimeSeconds(),
        };
        if (key.Kind == ApiKeyKind.Org)
        {
            view["oid"] = key.Oid;
            view["perms"] = key.Perms;
        }
        else
        {
            view["uid"] = key.Uid;
        }

        return view;
    }
}
