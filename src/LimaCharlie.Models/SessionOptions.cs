using System;

namespace LimaCharlie
{
    /// <summary>
    /// Per-session settings of the HTTP pipeline. Changes apply to the next request of the session.
    /// </summary>
    public sealed class SessionOptions
    {
        private TimeSpan _timeout = TimeSpan.FromSeconds(100);
        private TimeSpan _retryBudget = TimeSpan.FromMinutes(2);
        private TimeSpan _renewalMargin = TimeSpan.FromMinutes(5);
        private TimeSpan _retryBaseDelay = TimeSpan.FromSeconds(1);
        private TimeSpan _retryMaxDelay = TimeSpan.FromSeconds(30);
        private int _maxRetryCount = 8;

        /// <summary>How long one HTTP attempt may take. Default 100 seconds.</summary>
        public TimeSpan Timeout { get => _timeout; set => _timeout = Positive(value, nameof(Timeout)); }

        /// <summary>Total time a request may spend retrying 429 and 5xx answers. Default 2 minutes.</summary>
        public TimeSpan RetryBudget { get => _retryBudget; set => _retryBudget = NonNegative(value, nameof(RetryBudget)); }

        /// <summary>Most retries of one request. 0 turns retries off. Default 8.</summary>
        public int MaxRetryCount
        {
            get => _maxRetryCount;
            set => _maxRetryCount = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRetryCount), "MaxRetryCount cannot be negative.");
        }

        /// <summary>First backoff delay; doubles on each retry (with jitter) up to <see cref="RetryMaxDelay"/>. Default 1 second.</summary>
        public TimeSpan RetryBaseDelay { get => _retryBaseDelay; set => _retryBaseDelay = NonNegative(value, nameof(RetryBaseDelay)); }

        /// <summary>Longest single backoff delay. Default 30 seconds.</summary>
        public TimeSpan RetryMaxDelay { get => _retryMaxDelay; set => _retryMaxDelay = NonNegative(value, nameof(RetryMaxDelay)); }

        /// <summary>
        /// A token is renewed this long before it expires (at most a quarter of its lifetime). Default 5 minutes.
        /// </summary>
        public TimeSpan TokenRenewalMargin { get => _renewalMargin; set => _renewalMargin = NonNegative(value, nameof(TokenRenewalMargin)); }

        /// <summary>An explicit proxy; empty means the system proxy (HTTPS_PROXY, NO_PROXY).</summary>
        public Uri? Proxy { get; set; }

        public SessionOptions Clone() => (SessionOptions)MemberwiseClone();

        private static TimeSpan Positive(TimeSpan value, string name) =>
            value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, $"{name} must be greater than zero.");

        private static TimeSpan NonNegative(TimeSpan value, string name) =>
            value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, $"{name} cannot be negative.");
    }
}
