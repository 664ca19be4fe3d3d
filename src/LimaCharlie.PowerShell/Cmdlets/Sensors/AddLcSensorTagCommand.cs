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
    /// <summary>Tags sensors, permanently or for a time (<c>POST /v1/{sid}/tags</c>).</summary>
    [Cmdlet(VerbsCommon.Add, "LcSensorTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SensorReference))]
    public sealed class AddLcSensorTagCommand : LcSensorChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>The tags expire after this long; without it they stay.</summary>
        [Parameter]
        public TimeSpan Ttl { get; set; }

        protected override string Action => $"Add tag {DescribeTags(Tag)}" + (Ttl > TimeSpan.Zero ? $" for {Ttl}" : string.Empty);

        protected override void OnBegin()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Ttl)) && Ttl <= TimeSpan.Zero)
                throw new ArgumentException("-Ttl must be a positive duration, e.g. (New-TimeSpan -Days 7).");
        }

        protected override async Task<object?> ApplyAsync(LcConnection connection, Guid? organizationId, Guid sensorId, ILcLog log, CancellationToken ct)
        {
            await SensorApi.AddTagsAsync(connection, organizationId, sensorId, Tag, Ttl > TimeSpan.Zero ? Ttl : null, log, ct).ConfigureAwait(false);
            return Receipt(sensorId, organizationId);
        }
    }
}
