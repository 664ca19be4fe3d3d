namespace LimaCharlie.Client.Logging
{
    /// <summary>Where the engine reports what it does. The module forwards it to -Verbose and -Debug.</summary>
    public interface ILcLog
    {
        bool IsDebugEnabled { get; }
        /// <summary>False when verbose lines are not shown: callers skip building them.</summary>
        bool IsVerboseEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    /// <summary>A log that drops everything.</summary>
    public sealed class NullLog : ILcLog
    {
        public static readonly NullLog Instance = new();
        public bool IsDebugEnabled => false;
        public bool IsVerboseEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
