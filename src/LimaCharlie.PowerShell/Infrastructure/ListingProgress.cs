using System.Diagnostics;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Progress of a streamed listing: records and pages so far and the rate, shown once the listing has run for about a
    /// second (never for a short one) and at most four times a second, completed at the end. The caller counts records
    /// and calls <see cref="Tick"/> every few hundred records and while it waits for a page, so a record costs an increment.
    /// </summary>
    internal sealed class ListingProgress
    {
        /// <summary>Records between two looks at the clock: a power of two minus one, as a mask.</summary>
        public const long CheckMask = 255;

        private const int ProgressId = 2;
        private static readonly long ShowAfter = Stopwatch.Frequency;
        private static readonly long Interval = Stopwatch.Frequency / 4;

        private readonly Cmdlet _cmdlet;
        private readonly CmdletLog _log;
        private readonly string _activity;
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _shownAt;
        private bool _shown;

        public ListingProgress(Cmdlet cmdlet, CmdletLog log, string activity)
        {
            _cmdlet = cmdlet;
            _log = log;
            _activity = activity;
        }

        /// <summary>Writes progress if the listing has run long enough and the last one is old enough.</summary>
        public void Tick(long records)
        {
            var now = Stopwatch.GetTimestamp();
            if (now - _started < ShowAfter || (_shown && now - _shownAt < Interval)) return;
            _shown = true;
            _shownAt = now;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, Status(records, now)));
        }

        /// <summary>Ends the progress bar, if one was shown.</summary>
        public void Complete(long records)
        {
            if (!_shown) return;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, _activity, Status(records, Stopwatch.GetTimestamp())) { RecordType = ProgressRecordType.Completed });
        }

        private string Status(long records, long now)
        {
            var seconds = (double)(now - _started) / Stopwatch.Frequency;
            var pages = _log.Pages;
            var pageText = pages > 0 ? $", {pages:N0} {(pages == 1 ? "page" : "pages")}" : string.Empty;
            return $"{records:N0} {(records == 1 ? "record" : "records")}{pageText} so far ({records / seconds:N0}/s, {seconds:0} s)";
        }
    }
}
