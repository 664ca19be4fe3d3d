using System;

namespace LimaCharlie
{
    /// <summary>
    /// A call to the LimaCharlie API (or its JWT endpoint) failed. Carries the HTTP status, the API's error text,
    /// the method and path, and its kind of failure from <see cref="ErrorIds"/> (a stable id such as <c>LimaCharlie.NotFound</c>).
    /// </summary>
    public class LcApiException : Exception
    {
        public LcApiException(string message, int statusCode, string? apiMessage, string? method, string? path,
            ErrorKind kind, string? recommendedAction = null, int retries = 0, Exception? inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            ApiMessage = apiMessage;
            Method = method;
            Path = path;
            Kind = kind;
            RecommendedAction = recommendedAction ?? kind.RecommendedAction;
            Retries = retries;
        }

        /// <summary>HTTP status, or 0 when no response was received (timeout, connection failure).</summary>
        public int StatusCode { get; }

        /// <summary>The <c>error</c> text of the API's JSON body, or the raw body when it was not JSON.</summary>
        public string? ApiMessage { get; }

        public string? Method { get; }

        /// <summary>The request path, without query string or secrets.</summary>
        public string? Path { get; }

        public ErrorKind Kind { get; }

        /// <summary>Stable id, e.g. <c>LimaCharlie.Unauthorized</c>, <c>LimaCharlie.RateLimited</c>.</summary>
        public string ErrorId => Kind.Id;

        /// <summary>What to do about it: the raising code's advice, else the kind's.</summary>
        public string? RecommendedAction { get; }

        /// <summary>How many times the request was retried before this error was raised.</summary>
        public int Retries { get; }
    }
}
