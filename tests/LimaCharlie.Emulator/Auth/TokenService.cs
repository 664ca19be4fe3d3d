using System.Collections.Concurrent;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Auth;

/// <summary>
/// Signs tokens and validates presented ones: signature (once per distinct token, then cached), expiry and the
/// minting key still being active (both checked on every call; two dictionary look-ups).
/// </summary>
public sealed class TokenService(EmulatorState state)
{
    private const int CacheLimit = 50_000;

    private readonly JwtCodec _codec = new();
    private readonly ConcurrentDictionary<string, TokenClaims> _verified = new(StringComparer.Ordinal);

    public string Sign(TokenClaims claims) => _codec.Sign(claims.ToPayload());

    /// <summary>The claims of a valid, unexpired token of an active key; otherwise a 401 <see cref="EmulatorException"/>.</summary>
    public TokenClaims Validate(string token)
    {
        if (!_verified.TryGetValue(token, out var claims))
        {
            var payload = _codec.Verify(token, out var error) ?? throw EmulatorException.Unauthorized(error!);
            claims = TokenClaims.FromPayload(payload) ?? throw EmulatorException.Unauthorized("invalid token");
            if (_verified.Count >= CacheLimit)
            {
                _verified.Clear();
            }

            _verified[token] = claims;
        }

        if (state.Time.GetUtcNow().ToUnixTimeMilliseconds() >= claims.ExpiresAt * 1000)
        {
            throw EmulatorException.Unauthorized("token expired");
        }

        if (state.FindKey(claims.KeyId) is not { Revoked: false })
        {
            throw EmulatorException.Unauthorized("token revoked: its api key is no longer valid");
        }

        return claims;
    }
}
