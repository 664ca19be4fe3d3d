namespace LimaCharlie.Emulator.State;

public enum ApiKeyKind
{
    /// <summary>Org-scoped key: one org, a fixed permission set; minted with <c>oid</c> + <c>secret</c>.</summary>
    Org,

    /// <summary>User key: the user's access to all their orgs; minted with <c>uid</c> + <c>secret</c>.</summary>
    User,
}

/// <summary>An API key. <see cref="Id"/> (not the secret) is what tokens and counters refer to.</summary>
/// <param name="Secret">The credential, a UUID string.</param>
/// <param name="Name">Reported as the token's <c>ident</c> for org keys.</param>
/// <param name="Oid">Owning org (org keys).</param>
/// <param name="Uid">Owning user (user keys).</param>
/// <param name="Perms">Permissions of an org key (empty for user keys, which carry the user's grants).</param>
public sealed record ApiKey(
    string Id,
    ApiKeyKind Kind,
    string Secret,
    string Name,
    string? Oid,
    string? Uid,
    IReadOnlyList<string> Perms,
    DateTimeOffset Created,
    bool Revoked = false,
    string? AllowedIpRange = null,
    string? CreatedBy = null)
{
    /// <summary>How the API names the key (<c>GET /v1/orgs/{oid}/keys</c>): SHA-256 of the secret, lower-case hex.</summary>
    public string Hash { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret)));
}

/// <summary>What to create with <see cref="EmulatorState.CreateKey"/> (also the body of <c>POST /_emu/keys</c>).</summary>
public sealed record KeySpec
{
    public ApiKeyKind? Kind { get; init; }

    /// <summary>Org of an org key.</summary>
    public string? Oid { get; init; }

    /// <summary>User of a user key.</summary>
    public string? Uid { get; init; }

    public string? Name { get; init; }

    /// <summary>Permissions of an org key (default: all org permissions). Ignored for user keys.</summary>
    public IReadOnlyList<string>? Perms { get; init; }

    /// <summary>A chosen secret (must be a UUID); default: a new random UUID.</summary>
    public string? Secret { get; init; }

    /// <summary>CIDR the key may be used from (org keys; stored and reported, not enforced).</summary>
    public string? AllowedIpRange { get; init; }

    /// <summary>Who created the key (the caller's ident for keys created through the API).</summary>
    public string? CreatedBy { get; init; }
}
