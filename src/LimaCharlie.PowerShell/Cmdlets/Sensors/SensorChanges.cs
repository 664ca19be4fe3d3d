using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>What the sensor-changing cmdlets share beyond <see cref="LcBulkSensorCmdlet"/>.</summary>
    internal static class SensorChanges
    {
        /// <summary>How a list of tags reads in prompts and progress: 'a', 'b'.</summary>
        public static string DescribeTags(string[] tags) => string.Join(", ", tags.Select(t => $"'{t}'"));

        /// <summary>
        /// A change that writes nothing, or with -PassThru a reference to the sensor changed, with the hostname and online
        /// state the input carried.
        /// </summary>
        public static Func<ILcLog, CancellationToken, Task<object?>> WithReceipt(bool passThru, SensorReference sensor,
            Func<ILcLog, CancellationToken, Task> change) =>
            async (log, ct) =>
            {
                await change(log, ct).ConfigureAwait(false);
                return passThru ? sensor : null;
            };
    }
}
