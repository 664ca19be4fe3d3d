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
    public sealed class AddLcSensorTagCommand : LcBulkSensorCmdlet
    {
        /// <summary>The tags; by property name, each piped object's own (the output of Get-LcSensorTag).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateTag]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>The tags expire after this long; without it they stay.</summary>
        [Parameter]
        public TimeSpan Ttl { get; set; }

        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private bool _tagsPiped;

        protected override string Action => $"Add tag {SensorChanges.DescribeTags(Tag)}" + (Ttl > TimeSpan.Zero ? $" for {Ttl}" : string.Empty);

        protected override string Activity => _tagsPiped ? "Add tags" : Action;

        protected override void OnBegin()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Ttl)) && Ttl <= TimeSpan.Zero)
                throw new ArgumentException("-Ttl must be a positive duration, e.g. (New-TimeSpan -Days 7).");
            _tagsPiped = !MyInvocation.BoundParameters.ContainsKey(nameof(Tag));
        }

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor)
        {
            var (tags, ttl) = (Tag, Ttl > TimeSpan.Zero ? Ttl : (TimeSpan?)null);
            return SensorChanges.WithReceipt(PassThru, sensor,
                (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.AddTagsAsync(sensor.SensorId, tags, ttl, ct));
        }
    }
}
