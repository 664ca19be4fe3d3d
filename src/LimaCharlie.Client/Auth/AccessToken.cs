using System;
using System.Text;
using System.Text.Json;

namespace LimaCharlie.Client.Auth
{
    /// <summary>A minted JWT with the times read from its payload. The signature is not checked: the server does that.</summary>
    public sealed class AccessToken
    {
        private AccessToken(string value, DateTimeOffset expiresAt, DateTimeOffset? issuedAt, TokenTarget target)
        {
            Value = value;
            ExpiresAt = expiresAt;
            IssuedAt = issuedAt;
            Target = target;
        }

        public string Value { get; }
        public DateTimeOffset ExpiresAt { get; }
        public DateTimeOffset? IssuedAt { get; }
        public TokenTarget Target { get; }
        public int Length => Value.Length;

        /// <summary>
        /// True when the token should be replaced: it expires within the margin, capped at a quarter of its lifetime
        /// so that short-lived tokens are not renewed on every call.
        /// </summary>
        public bool NeedsRenewal(DateTimeOffset now, TimeSpan margin)
        {
            var lifetime = ExpiresAt - (IssuedAt ?? ExpiresAt - TimeSpan.FromHours(1));
            var effective = TimeSpan.FromTicks(Math.Min(margin.Ticks, Math.Max(0, lifetime.Ticks / 4)));
            return now >= ExpiresAt - effective;
        }

        /// <summary>
        /// Whether the token was minted so recently that it carries the key's current permissions (within a minute, or a
        /// quarter of a shorter lifetime). A refusal for a missing permission is then the key's own, and a new token would
        /// be refused alike; an older token may predate a permission added to the key since.
        /// </summary>
        public bool CarriesCurrentPermissions(DateTimeOffset now)
        {
            if (IssuedAt is not { } issued) return false;
            var window = TimeSpan.FromTicks(Math.Min(PermissionsWindow.Ticks, Math.Max(0, (ExpiresAt - issued).Ticks / 4)));
            return now - issued < window;
        }

        private static readonly TimeSpan PermissionsWindow = TimeSpan.FromMinutes(1);

        /// <summary>Reads <c>exp</c> and <c>iat</c> from the token. A token without <c>exp</c> is taken to live one hour, as the API documents.</summary>
        public static AccessToken Parse(string jwt, TokenTarget target, DateTimeOffset now)
        {
            var parts = jwt.Split('.');
            if (parts.Length != 3)
                throw new FormatException("The JWT endpoint returned a token that is not a JWT (it does not have three parts).");
            using var doc = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            var payload = doc.RootElement;
            DateTimeOffset? Time(string name) =>
                payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var secs)
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(secs * 1000))
                    : null;
            return new AccessToken(jwt, Time("exp") ?? now.AddHours(1), Time("iat"), target);
        }

        private static byte[] Base64UrlDecode(string segment)
        {
            var s = segment.Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
            try { return Convert.FromBase64String(s); }
            catch (FormatException) { throw new FormatException("The JWT payload is not base64url."); }
        }

        public override string ToString() => $"JWT for {Target}, {Length} chars, expires {ExpiresAt:u}";
    }
}
