using System.Globalization;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Auth;

/// <summary>The parameters of a JWT request (limacharlie-api.md §1.1).</summary>
/// <param name="Oid">An OID, <c>-</c> (no org) or null.</param>
/// <param name="Expiry">Raw <c>expiry</c>: an absolute Unix time if in the future, else seconds from now.</param>
/// <param name="Perms">Optional down-scoping (Go <c>perms</c>): the token keeps only these permissions.</param>
public sealed record MintRequest(string? Oid, string? Uid, string? Secret, string? Expiry, IReadOnlyList<string> Perms);

/// <summary>
/// The rules of the JWT endpoint: which credential combinations are accepted and what the token then carries.
/// Errors are deliberately opaque (<c>unknown api key</c>) as in production.
/// </summary>
public sealed class TokenIssuer(EmulatorState state, TokenService tokens)
{
    public const string NoOrg = "-";
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private const string UnknownKey = "unknown api key";

    /// <summary>Mints a token (counted against the key) or throws a 400/401 <see cref="EmulatorException"/>.</summary>
    public string Mint(MintRequest request)
    {
        if (string.IsNullOrEmpty(request.Secret))
        {
            throw EmulatorException.BadRequest("missing secret");
        }

        var now = state.Time.GetUtcNow().ToUnixTimeSeconds();
        var expiresAt = ExpiresAt(request.Expiry, now);
        if (string.IsNullOrEmpty(request.Oid) && string.IsNullOrEmpty(request.Uid))
        {
            throw EmulatorException.Unauthorized(UnknownKey);
        }

        var key = state.FindKeyBySecret(request.Secret);
        if (key is null || key.Revoked)
        {
            throw EmulatorException.Unauthorized(UnknownKey);
        }

        var claims = key.Kind == ApiKeyKind.Org
            ? OrgClaims(key, request, now, expiresAt)
            : UserClaims(key, request, now, expiresAt);
        var token = tokens.Sign(claims);
        state.RecordMint(key.Id);
        return token;
    }

    private static TokenClaims OrgClaims(ApiKey key, MintRequest request, long now, long expiresAt)
    {
        var oidMatches = Ids.TryNormalizeUuid(request.Oid, out var oid) && oid == key.Oid;
        if (!string.IsNullOrEmpty(request.Uid) || !oidMatches)
        {
            throw EmulatorException.Unauthorized(UnknownKey);
        }

        return new TokenClaims(
            key.Id, key.Name, now, expiresAt, Ids.NewUuid(), null, [key.Oid!], DownScope(key.Perms, request.Perms), null);
    }

    private TokenClaims UserClaims(ApiKey key, MintRequest request, long now, long expiresAt)
    {
        if (request.Uid != key.Uid || state.FindUser(key.Uid!) is not { } user)
        {
            throw EmulatorException.Unauthorized(UnknownKey);
        }

        Dictionary<string, IReadOnlyList<string>>? perms;
        if (request.Oid == NoOrg)
        {
            perms = null;
        }
        else if (string.IsNullOrEmpty(request.Oid))
        {
            perms = state.UserOrgs(user.Uid).ToDictionary(
                a => a.Org.Oid, a => DownScope(a.Grant.Perms, request.Perms), StringComparer.Ordinal);
        }
        else
        {
            var grant = state.FindGrant(user.Uid, request.Oid)
                ?? throw EmulatorException.Unauthorized("user has no access to this organization");
            perms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                [grant.Oid] = DownScope(grant.Perms, request.Perms),
            };
        }

        return new TokenClaims(key.Id, user.Email, now, expiresAt, Ids.NewUuid(), user.Uid, null, null, perms);
    }

    /// <summary>
    /// <c>exp</c> for the request: the configured lifetime, or <c>expiry</c> read as an absolute Unix time when it
    /// lies in the future and as relative seconds otherwise. At most 30 days ahead.
    /// </summary>
    private long ExpiresAt(string? expiry, long now)
    {
        if (string.IsNullOrWhiteSpace(expiry))
        {
            return now + Math.Max(1, (long)Math.Ceiling(state.TokenLifetime.TotalSeconds));
        }

        if (!double.TryParse(expiry.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value > long.MaxValue / 2.0)
        {
            throw EmulatorException.BadRequest($"invalid expiry: {expiry}");
        }

        var seconds = (long)value;
        if (seconds <= 0)
        {
            throw EmulatorException.BadRequest($"invalid expiry: {expiry}");
        }

        var expiresAt = seconds > now ? seconds : now + seconds;
        if (expiresAt - now > (long)MaxLifetime.TotalSeconds)
        {
            throw EmulatorException.BadRequest("expiry exceeds the maximum token lifetime of 30 days");
        }

        return expiresAt;
    }

    private static IReadOnlyList<string> DownScope(IReadOnlyList<string> granted, IReadOnlyList<string> requested) =>
        requested.Count == 0 ? granted : granted.Where(p => requested.Contains(p, StringComparer.Ordinal)).ToList();
}
