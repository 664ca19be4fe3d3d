using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Removes tags from sensors (<c>DELETE /v1/{sid}/tags</c>).</summary>
    [Cmdlet(VerbsCommon.Remove, "LcSensorTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SensorReference))]
    public sealed class RemoveLcSensorTagCommand : LcSensorChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[] Tag { get; set; } = Array.Empty<string>();

        protected override string Action => $"Remove tag {DescribeTags(Tag)}";

        protected override async Task<object?> ApplyAsync(LcConnection connection, Guid? organizationId, Guid sensorId, ILcLog log, CancellationToken ct)
        {
            await SensorApi.RemoveTagsAsync(connection, organizationId, sensorId, Tag, log, ct).ConfigureAwait(false);
            return Receipt(sensorId, organizationId);
        }
    }
}
