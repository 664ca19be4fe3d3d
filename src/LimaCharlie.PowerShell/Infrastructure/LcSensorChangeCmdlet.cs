using System.Linq;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Bulk sensor changes that write nothing unless asked: -PassThru returns a reference to each sensor changed, with
    /// the hostname and online state the input carried.
    /// </summary>
    public abstract class LcSensorChangeCmdlet : LcBulkSensorCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How a list of tags reads in prompts and progress: 'a', 'b'.</summary>
        protected static string DescribeTags(string[] tags) => string.Join(", ", tags.Select(t => $"'{t}'"));

        protected object? Receipt(SensorReference sensor) => PassThru ? sensor : null;
    }
}
