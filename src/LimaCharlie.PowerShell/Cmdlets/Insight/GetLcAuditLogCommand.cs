using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Insight
{
    /// <summary>Streams the organization's audit log in a time window (<c>GET /v1/insight/{oid}/audit</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcAuditLog")]
    [OutputType(typeof(AuditEntry))]
    public sealed class GetLcAuditLogCommand : LcTimeRangeCmdlet
    {
        /// <summary>Only entries of this type (<c>etype</c>).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? EventType { get; set; }

        /// <summary>Only entries about this sensor.</summary>
        [Parameter]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        protected override TimeSpan DefaultWindow => TimeSpan.FromDays(1);

        protected override void OnProcess()
        {
            var oid = Organization;
            var window = Window();
            Guid? sid = SensorId == Guid.Empty ? null : SensorId;
            StreamInOrganization(oid, (org, ct) => org.Insight.AuditAsync(window, EventType, sid, ct), e => WriteObject(e));
        }
    }
}
