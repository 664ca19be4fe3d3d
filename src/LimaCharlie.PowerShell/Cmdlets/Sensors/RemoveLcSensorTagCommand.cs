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
    public sealed class RemoveLcSensorTagCommand : LcBulkSensorCmdlet
    {
        /// <summary>The tags; by property name, each piped object's own (Get-LcSensorTag, Get-LcTag -Name).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateTag]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private bool _tagsPiped;

        protected override string Action => $"Remove tag {SensorChanges.DescribeTags(Tag)}";

        protected override string Activity => _tagsPiped ? "Remove tags" : Action;

        protected override void OnBegin() => _tagsPiped = !MyInvocation.BoundParameters.ContainsKey(nameof(Tag));

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor)
        {
            var tags = Tag;
            return SensorChanges.WithReceipt(PassThru, sensor,
                (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.RemoveTagsAsync(sensor.SensorId, tags, ct));
        }
    }
}
