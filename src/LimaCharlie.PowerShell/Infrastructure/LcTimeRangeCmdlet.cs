using System.Management.Automation;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>The time window and paging of Insight listings: -Start/-End or -Last, -Limit, -PageSize.</summary>
    public abstract class LcTimeRangeCmdlet : LcTimeWindowCmdlet
    {
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; } = InsightQuery.DefaultPageSize;

        protected InsightQuery Window()
        {
            var (start, end) = TimeWindow();
            return new InsightQuery { Start = start, End = end, Limit = Limit, PageSize = PageSize };
        }
    }
}
