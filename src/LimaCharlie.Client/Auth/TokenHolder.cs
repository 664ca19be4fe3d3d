using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Auth
{
    /// <summary>
    /// Caches one token per target, renews it a margin before it expires or when the API rejected it, and lets only
    /// one renewal per target run at a time however many threads or runspaces ask (single flight). When the JWT endpoint
    /// refuses the key, the callers that queued behind that renewal get the same refusal instead of asking again each.
    /// </summary>
    public sealed class TokenHolder
    {
        private sealed class Slot
        {
            public readonly SemaphoreSlim Gate = new(1, 1);
            public volatile AccessToken? Token;

            /// <summary>The JWT endpoint's last refusal, the token that was current then, and when (under <see cref="Gate"/>).</summary>
            public LcApiException? Refusal;
            public AccessToken? RefusedWhile;
            public DateTimeOffset RefusedAt;
        }

        /// <summary>How long a refusal of the key is answered from memory: long enough for the calls in flight with it.</summary>
        private static readonly TimeSpan RefusalMemory = TimeSpan.FromSeconds(5);

        private readonly ConcurrentDictionary<TokenTarget, Slot> _slots = new();
        private readonly JwtMinter _minter;
        private readonly Func<TimeSpan> _margin;

        public TokenHolder(JwtMinter minter, Func<TimeSpan> renewalMargin)
        {
            _minter = minter;
            _margin = renewalMargin;
        }

        /// <summary>
        /// A valid token for <paramref name="target"/>. Pass the token the API just refused as <paramref name="rejected"/>
        /// to force a renewal; if another caller already replaced it, that replacement is returned without a new mint.
        /// </summary>
        public async Task<AccessToken> GetAsync(TokenTarget target, AccessToken? rejected, ILcLog log, CancellationToken ct)
        {
            var slot = _slots.GetOrAdd(target, _ => new Slot());
            var current = slot.Token;
            if (IsUsable(current, rejected)) return current!;

            await slot.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                current = slot.Token;
                if (IsUsable(current, rejected)) return current!;
                if (current is not null)
                    log.Verbose(rejected is not null && ReferenceEquals(current, rejected)
                        ? $"The API refused the token for {target}; minting a new one."
                        : $"The token for {target} expires at {current.ExpiresAt:u}; renewing it.");
                if (slot.Refusal is { } refusal && ReferenceEquals(slot.RefusedWhile, current) && DateTimeOffset.UtcNow - slot.RefusedAt < RefusalMemory)
                    throw Copy(refusal);
                try
                {
                    var fresh = await _minter.MintAsync(target, null, log, ct).ConfigureAwait(false);
                    slot.Token = fresh;
                    slot.Refusal = null;
                    return fresh;
                }
                catch (LcApiException e) when (e.Kind == ErrorIds.AuthenticationFailed)
                {
                    (slot.Refusal, slot.RefusedWhile, slot.RefusedAt) = (e, current, DateTimeOffset.UtcNow);
                    throw;
                }
            }
            finally
            {
                slot.Gate.Release();
            }
        }

        /// <summary>The cached token of a target, if any (for display: expiry, size).</summary>
        public AccessToken? Peek(TokenTarget target) => _slots.TryGetValue(target, out var slot) ? slot.Token : null;

        public void Clear()
        {
            foreach (var slot in _slots.Values) (slot.Token, slot.Refusal) = (null, null);
        }

        /// <summary>The same refusal for another caller (an exception object is not thrown on several threads at once).</summary>
        private static LcApiException Copy(LcApiException e) =>
            new(e.Message, e.StatusCode, e.ApiMessage, e.Method, e.Path, e.Kind, e.RecommendedAction, e.Retries, e.InnerException);

        private bool IsUsable(AccessToken? token, AccessToken? rejected) =>
            token is not null && !ReferenceEquals(token, rejected) && !token.NeedsRenewal(DateTimeOffset.UtcNow, _margin());
    }
}
