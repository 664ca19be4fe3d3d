using System;

namespace LimaCharlie
{
    /// <summary>
    /// Credentials or settings could not be resolved: a missing or malformed config file, an unknown environment name,
    /// an empty API key, an identifier that is not well formed, a plain-http URL to a remote host.
    /// </summary>
    public class LcConfigurationException : Exception
    {
        public LcConfigurationException(string message, ErrorKind kind, string? recommendedAction = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            RecommendedAction = recommendedAction ?? kind.RecommendedAction;
        }

        public ErrorKind Kind { get; }

        /// <summary>Stable id, e.g. <c>LimaCharlie.ConfigFileInvalid</c>.</summary>
        public string ErrorId => Kind.Id;

        /// <summary>What to do about it: the raising code's advice, else the kind's.</summary>
        public string? RecommendedAction { get; }
    }
}
