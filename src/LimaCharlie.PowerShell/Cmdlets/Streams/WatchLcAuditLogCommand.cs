using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Streams;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Streams
{
    /// <summary>Writes the organization's audit entries as they happen, from its live stream (the stream host's <c>POST /{oid}</c>, type audit).</summary>
    [Cmdlet(VerbsCommon.Watch, "LcAuditLog")]
    [OutputType(typeof(AuditEntry))]
    public sealed class WatchLcAuditLogCommand : LcWatchCmdlet
    {
        /// <summary>Only entries of these kinds (<c>etype</c>, wildcards allowed), checked as they arrive.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[]? EventType { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var type = AnyOf(EventType);
            Watch((log, ct) => connection.Organization(oid, log).LiveStream.WatchAsync<AuditEntry>(LiveStreamKind.Audit, null, null, ct), a => type(a.EventType));
        }
    }
}
