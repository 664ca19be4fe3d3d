using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Streams
{
    /// <summary>
    /// The base of the Watch-Lc* cmdlets: -Timeout and -First, and the loop that writes each record of the live stream
    /// as it arrives, keeping those that pass the client-side filters, until Ctrl+C, -Timeout, -First or the end of the
    /// pipeline (Select-Object -First).
    /// </summary>
    public abstract class LcWatchCmdlet : LcOrganizationCmdlet
    {
        /// <summary>How long to watch; the command then ends without an error. Default: until stopped.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; }

        /// <summary>End after this many records (those that pass -EventType, -Hostname).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; }

        /// <summary>Wildcard patterns, any of which a value must match; none means every value passes.</summary>
        protected static Func<string?, bool> AnyOf(string[]? patterns)
        {
            if (patterns is not { Length: > 0 }) return _ => true;
            var compiled = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
            return value => value is not null && compiled.Any(p => p.IsMatch(value));
        }

        /// <summary>Writes the records of <paramref name="watch"/> that <paramref name="keep"/> passes, as they arrive.</summary>
        protected void Watch<T>(Func<Client.Logging.ILcLog, CancellationToken, IAsyncEnumerable<T>> watch, Func<T, bool> keep)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && Timeout <= TimeSpan.Zero)
                throw new ArgumentException("-Timeout must be greater than zero.");
            using var timeout = new CancellationTokenSource();
            var first = First;
            Stream((log, ct) =>
            {
                var watching = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                if (Timeout > TimeSpan.Zero) timeout.CancelAfter(Timeout);
                return Until(watch(log, watching.Token), keep, first, timeout, watching, ct);
            }, record => WriteObject(record));
        }

        /// <summary>The kept records, until -First of them or -Timeout (which ends the enumeration rather than failing it).</summary>
        private static async IAsyncEnumerable<T> Until<T>(IAsyncEnumerable<T> records, Func<T, bool> keep, int first, CancellationTokenSource timeout,
            CancellationTokenSource watching, [EnumeratorCancellation] CancellationToken ct)
        {
            using (watching)
            {
                var items = records.GetAsyncEnumerator(watching.Token);
                try
                {
                    var written = 0;
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await items.MoveNextAsync();
                        }
                        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                        {
                            yield break;
                        }
                        if (!more) yield break;
                        if (!keep(items.Current)) continue;
                        yield return items.Current;
                        if (++written == first) yield break;
                    }
                }
                finally
                {
                    await items.DisposeAsync();
                }
            }
        }
    }
}
