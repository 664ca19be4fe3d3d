using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Access administration of an org: API keys (limacharlie-api.md §3.5, <c>apikey.ctrl</c>), users and their
/// permissions (§3.6, <c>user.ctrl</c>), ingestion keys (§3.18, <c>ingestkey.ctrl</c>).
/// </summary>
internal static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapAccess(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/orgs/{oid}/keys", ListKeys);
        routes.MapPost("/v1/orgs/{oid}/keys", CreateKey);
        routes.MapDelete("/v1/orgs/{oid}/keys", DeleteKey);

        routes.MapGet("/v1/orgs/{oid}/users", ListUsers);
        routes.MapPost("/v1/orgs/{oid}/users", AddUser);
        routes.MapDelete("/v1/orgs/{oid}/users", RemoveUser);
        routes.MapGet("/v1/orgs/{oid}/users/permissions", UserPermissions);
        routes.MapPost("/v1/orgs/{oid}/users/permissions", (string oid, Caller caller, RequestParams p, EmulatorState state) =>
            SetPermission(oid, caller, p, state, grant: true));
        routes.MapDelete("/v1/orgs/{oid}/users/permissions", (string oid, Caller caller, RequestParams p, EmulatorState state) =>
            SetPermission(oid, caller, p, state, grant: false));
        routes.MapPut("/v1/orgs/{oid}/users/role", SetRole);

        routes.MapGet("/v1/insight/{oid}/ingestion_keys", ListIngestionKeys);
        routes.MapPost("/v1/insight/{oid}/ingestion_keys", SetIngestionKey);
        routes.MapDelete("/v1/insight/{oid}/ingestion_keys", DeleteIngestionKey);
        return routes;
    }

    // ---- API keys ----------------------------------------------------------------------------------------------

    /// <summary><c>{"api_keys": {"&lt;hash&gt;": {name, priv, created_at, by, oid, allowed_ip_range, last_used}}}</c>; no secret.</summary>
    private static IResult ListKeys(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ApikeyCtrl);
        var keys = state.OrgApiKeys(org.Oid).ToDictionary(k => k.Hash, k => (object)new Dictionary<string, object?>
        {
            ["name"] = k.Name,
            ["priv"] = k.Perms,
            ["created_at"] = k.Created.ToUnixTimeSeconds(),
            ["by"] = k.CreatedBy ?? "emulator",
            ["oid"] = k.Oid,
            ["allowed_ip_range"] = k.AllowedIpRange ?? string.Empty,
            ["last_used"] = state.KeyLastUsed(k.Id)?.ToUnixTimeSeconds() ?? 0,
        });
        return EmulatorJson.Ok(new Dictionary<string, object> { ["api_keys"] = keys });
    }

    /// <summary>Form <c>key_name</c>, <c>perms</c> (comma-joined), <c>allowed_ip_range</c>? → <c>{"api_key", "key_hash"}</c>.</summary>
    private static IResult CreateKey(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ApikeyCtrl);
        var name = parameters.GetNonEmpty("key_name") ?? throw EmulatorException.BadRequest("key_name is required");
        var perms = (parameters.Get("perms") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = state.CreateApiKey(org.Oid, name, perms, parameters.GetNonEmpty("allowed_ip_range"), caller.Ident);
        return EmulatorJson.Ok(new Dictionary<string, string> { ["api_key"] = key.Secret, ["key_hash"] = key.Hash });
    }

    /// <summary>Form (or query) <c>key_hash</c>; 404 when the org has no such key.</summary>
    private static IResult DeleteKey(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.ApikeyCtrl);
        var hash = parameters.GetNonEmpty("key_hash") ?? throw EmulatorException.BadRequest("key_hash is required");
        state.DeleteApiKey(org.Oid, hash);
        return EmulatorJson.Success();
    }

    // ---- Users -------------------------------------------------------------------------------------------------

    private static IResult ListUsers(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["users"] = state.OrgMembers(org.Oid).Select(m => m.User.Email).ToList(),
        });
    }

    /// <summary>Form <c>email</c>, <c>role</c> (default Basic), <c>invite_missing</c> → <c>{success, role, invite_sent}</c>.</summary>
    private static IResult AddUser(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        var email = parameters.GetNonEmpty("email") ?? throw EmulatorException.BadRequest("email is required");
        var added = state.AddOrgMember(
            org.Oid, email, parameters.GetNonEmpty("role") ?? OrgRoles.Basic, parameters.GetBool("invite_missing") ?? false);
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["success"] = true, ["role"] = added.Role, ["invite_sent"] = added.InviteSent,
        });
    }

    private static IResult RemoveUser(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        state.RemoveOrgMember(org.Oid, parameters.GetNonEmpty("email") ?? throw EmulatorException.BadRequest("email is required"));
        return EmulatorJson.Success();
    }

    /// <summary>
    /// <c>{"user_permissions": {email: [perms]}, "direct_users": [{email, uid, perms, MFA_enabled, MFA_types}],
    /// "from_groups": {}, "group_info": {}}</c>: every member is direct (the emulator has no groups on orgs).
    /// </summary>
    private static IResult UserPermissions(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        var members = state.OrgMembers(org.Oid);
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["user_permissions"] = members.ToDictionary(m => m.User.Email, m => m.Grant.Perms),
            ["direct_users"] = members.Select(m => new Dictionary<string, object>
            {
                ["email"] = m.User.Email,
                ["uid"] = m.User.Uid,
                ["perms"] = m.Grant.Perms,
                ["MFA_enabled"] = false,
                ["MFA_types"] = Array.Empty<string>(),
            }).ToList(),
            ["from_groups"] = new Dictionary<string, object>(),
            ["group_info"] = new Dictionary<string, object>(),
        });
    }

    /// <summary>Form <c>email</c>, <c>perm</c> (repeated: each one applied); 400 unknown permission, 404 not a member.</summary>
    private static IResult SetPermission(string oid, Caller caller, RequestParams parameters, EmulatorState state, bool grant)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        var email = parameters.GetNonEmpty("email") ?? throw EmulatorException.BadRequest("email is required");
        var perms = parameters.GetAll("perm");
        if (perms.Count == 0)
        {
            throw EmulatorException.BadRequest("perm is required");
        }

        foreach (var perm in perms)
        {
            state.SetOrgPermission(org.Oid, email, perm.Trim(), grant);
        }

        return EmulatorJson.Success();
    }

    /// <summary>JSON <c>{"email", "role"}</c> (v5) or form (Go) → <c>{success, role, permissions}</c>.</summary>
    private static async Task<IResult> SetRole(string oid, Caller caller, HttpContext context, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.UserCtrl);
        string? email;
        string? role;
        if (context.Request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                email = Text(document.RootElement, "email");
                role = Text(document.RootElement, "role");
            }
            catch (JsonException ex)
            {
                throw EmulatorException.BadRequest($"malformed JSON body: {ex.Message}");
            }
        }
        else
        {
            var parameters = await RequestParams.ReadAsync(context);
            email = parameters.GetNonEmpty("email");
            role = parameters.GetNonEmpty("role");
        }

        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(role))
        {
            throw EmulatorException.BadRequest("email and role are required");
        }

        var grant = state.SetOrgRole(org.Oid, email, role);
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["success"] = true, ["role"] = OrgRoles.Canonical(role), ["permissions"] = grant.Perms,
        });
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // ---- Ingestion keys ----------------------------------------------------------------------------------------

    private static IResult ListIngestionKeys(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IngestkeyCtrl);
        return EmulatorJson.Ok(new Dictionary<string, object> { ["keys"] = state.IngestionKeys(org.Oid) });
    }

    /// <summary>Form <c>name</c> → <c>{"name", "key"}</c>; an existing name gets a new key.</summary>
    private static IResult SetIngestionKey(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IngestkeyCtrl);
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        var key = state.SetIngestionKey(org.Oid, name);
        return EmulatorJson.Ok(new Dictionary<string, string> { ["name"] = name, ["key"] = key });
    }

    /// <summary>Query <c>name</c> (the reference sends it in the query, not the body); 404 when unknown.</summary>
    private static IResult DeleteIngestionKey(string oid, Caller caller, HttpContext context, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IngestkeyCtrl);
        var name = context.Request.Query["name"].FirstOrDefault();
        if (string.IsNullOrEmpty(name))
        {
            throw EmulatorException.BadRequest("name is required (query parameter)");
        }

        state.DeleteIngestionKey(org.Oid, name);
        return EmulatorJson.Success();
    }
}
