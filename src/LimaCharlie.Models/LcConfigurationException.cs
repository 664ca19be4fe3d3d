using System;

namespace LimaCharlie
{
    /// <summary>
    /// Credentials or settings could not be resolved: a missing or malformed config file, an unknown environment name,
    /// an empty API key, an identifier that is not well formed, a plain-http URL to a remote host.
    /// </summary>
    public class LcConfigurationException : Exception
    {
        public LcConfigurationException(string message, string errorId, string? recommendedAction = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            RecommendedAction = recommendedAction;
        }

        /// <summary>Stable id, e.g. <c>LimaCharlie.ConfigFileInvalid</c>.</summary>
        public string ErrorId { get; }

        public string? RecommendedAction { get; }
    }
}
