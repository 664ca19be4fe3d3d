using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Collects the engine's messages from any thread; the cmdlet writes them on its pipeline thread, where
    /// PowerShell requires every Write* call to happen.
    /// </summary>
    internal sealed class CmdletLog : ILcLog, IPageObserver
    {
        private enum Kind { Verbose, Debug, Warning }

        private readonly ConcurrentQueue<(Kind Kind, string Text)> _messages = new();

        private readonly bool _verboseAsDebug;

        /// <param name="verboseEnabled">Whether verbose lines are shown at all; when not, they are dropped unformatted.</param>
        /// <param name="verboseAsDebug">
        /// With -Debug and no -Verbose, PowerShell makes WriteVerbose prompt (Inquire), which fails in non-interactive
        /// sessions; the per-request lines then go to the debug stream, which the caller asked for.
        /// </param>
        public CmdletLog(bool debugEnabled, bool verboseEnabled, bool verboseAsDebug)
        {
            IsDebugEnabled = debugEnabled;
            IsVerboseEnabled = verboseEnabled || verboseAsDebug;
            _verboseAsDebug = verboseAsDebug;
        }

        public bool IsDebugEnabled { get; }
        public bool IsVerboseEnabled { get; }

        /// <summary>
        /// Set when a message arrives (and by whoever waits for engine work to finish). A slim event spins briefly before
        /// it blocks, so a call answered within microseconds does not pay for a kernel wait.
        /// </summary>
        public ManualResetEventSlim Signal { get; } = new(false);

        /// <summary>Waits until <see cref="Signal"/> is set or the time is up, and resets it; drain after this, never before.</summary>
        public void WaitForSignal(int milliseconds)
        {
            Signal.Wait(milliseconds);
            Signal.Reset();
        }

        private int _pages;

        /// <summary>Pages received by the listings run with this log so far.</summary>
        public int Pages => Volatile.Read(ref _pages);

        public void PageReceived() => Interlocked.Increment(ref _pages);

        public void Verbose(string message) { if (IsVerboseEnabled) Add(Kind.Verbose, message); }
        public void Debug(string message) { if (IsDebugEnabled) Add(Kind.Debug, message); }
        public void Warning(string message) => Add(Kind.Warning, message);

        private void Add(Kind kind, string text)
        {
            _messages.Enqueue((kind, Redactor.RedactText(text)));
            Signal.Set();
        }

        /// <summary>Writes what has arrived. Call only from the cmdlet's pipeline thread.</summary>
        public void Drain(PSCmdlet cmdlet)
        {
            while (_messages.TryDequeue(out var m))
            {
                switch (m.Kind)
                {
                    case Kind.Verbose when _verboseAsDebug: cmdlet.WriteDebug(m.Text); break;
                    case Kind.Verbose: cmdlet.WriteVerbose(m.Text); break;
                    case Kind.Debug: cmdlet.WriteDebug(m.Text); break;
                    default: Warnings.Write(cmdlet, m.Text); break;
                }
            }
        }
    }
}
