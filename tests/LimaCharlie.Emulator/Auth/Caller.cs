using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Auth;

/// <summary>
/// The authenticated caller of an API request. Endpoints that need auth declare a <see cref="Caller"/> parameter;
/// binding it validates the <c>Authorization: Bearer &lt;jwt&gt;</c> header (scheme in any case) or answers 401.
/// Permissions come from the token's claims, so tokens minted before a change keep their old view.
/// </summary>
public sealed class Caller(TokenClaims claims)
{
    private const string BearerScheme = "bearer";

    public TokenClaims Claims { get; } = claims;

    public bool IsUser => Claims.IsUserToken;

    public string Ident => Claims.Ident;

    public string? Uid => Claims.Uid;

    /// <summary>Minimal-API binder.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(Authenticate(context, context.RequestServices.GetRequiredService<TokenService>()));

    public static Caller Authenticate(HttpContext context, TokenService tokens)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        if (header.Length == 0)
        {
            throw EmulatorException.Unauthorized("missing authorization header");
        }

        var space = header.IndexOf(' ');
        if (space < 0 || !header[..space].Equals(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorException.Unauthorized("invalid authorization header: expected 'Bearer <jwt>'");
        }

        return new Caller(tokens.Validate(header[(space + 1)..].Trim()));
    }

    /// <summary>The permissions this token carries on <paramref name="oid"/> (canonical form); null for none.</summary>
    public IReadOnlyList<string>? PermissionsFor(string oid)
    {
        if (IsUser)
        {
            return Claims.UserPerms?.GetValueOrDefault(oid);
        }

        return Claims.Orgs?.Contains(oid) == true ? Claims.Perms : null;
    }

    /// <summary>401 unless the token is user-scoped (any user token, including an <c>oid=-</c> one).</summary>
    public void RequireUser()
    {
        if (!IsUser)
        {
            throw EmulatorException.Unauthorized("this endpoint requires a user-scoped token");
        }
    }

    /// <summary>401 naming the missing permission unless the token holds <paramref name="permission"/> on the org.</summary>
    public void RequirePermission(string oid, string permission)
    {
        var perms = PermissionsFor(oid);
        if (perms is null)
        {
            throw EmulatorException.Unauthorized($"unauthorized: missing permission {permission} (no access to organization {oid})");
        }

        if (!perms.Contains(permission, StringComparer.Ordinal))
        {
            throw EmulatorException.Unauthorized($"unauthorized: missing permission {permission}");
        }
    }
}
