using System;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>The time window of history cmdlets: -Start/-End or -Last, and -Limit.</summary>
    public abstract class LcTimeWindowCmdlet : LcOrganizationCmdlet
    {
        /// <summary>Beginning of the window (a DateTime is read in local time, as PowerShell types it).</summary>
        [Parameter]
        public DateTimeOffset Start { get; set; }

        /// <summary>End of the window; now when omitted.</summary>
        [Parameter]
        public DateTimeOffset End { get; set; }

        /// <summary>The window ending now: e.g. (New-TimeSpan -Hours 4).</summary>
        [Parameter]
        public TimeSpan Last { get; set; }

        /// <summary>Most records to return; paging stops there.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long Limit { get; set; }

        /// <summary>The window's length when neither -Start nor -Last is given.</summary>
        protected abstract TimeSpan DefaultWindow { get; }

        protected (DateTimeOffset Start, DateTimeOffset End) TimeWindow()
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(Last)) && bound.ContainsKey(nameof(Start)))
                throw new ArgumentException("-Last and -Start cannot be used together: -Last is the window ending now (or at -End).");
            if (bound.ContainsKey(nameof(Last)) && Last <= TimeSpan.Zero)
                throw new ArgumentException("-Last must be a positive duration, e.g. (New-TimeSpan -Hours 4).");
            var end = bound.ContainsKey(nameof(End)) ? End : DateTimeOffset.UtcNow;
            var start = bound.ContainsKey(nameof(Start)) ? Start : end - (bound.ContainsKey(nameof(Last)) ? Last : DefaultWindow);
            if (start > end) throw new ArgumentException($"-Start ({start:u}) is after -End ({end:u}).");
            return (start, end);
        }
    }
}
