using System;
using System.Globalization;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>How the format views write values, so that a table and a list of the same object agree.</summary>
    public static class DisplayText
    {
        /// <summary>Every time in the views: local, to the second, the same in every culture.</summary>
        public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

        public static string Time(DateTimeOffset? time) =>
            time is { } t ? t.ToLocalTime().ToString(TimeFormat, CultureInfo.InvariantCulture) : string.Empty;
    }
}
