using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Identity
{
    /// <summary>Who the session's key is and which permissions it holds in each organization (<c>GET /v1/who</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcIdentity")]
    [OutputType(typeof(LimaCharlie.Identity))]
    public sealed class GetLcIdentityCommand : LcSessionCmdlet
    {
        /// <summary>Ask with a token limited to this organization (user keys).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid OrganizationId { get; set; }

        protected override object? ErrorTarget => OrganizationId == Guid.Empty ? null : OrganizationId;

        protected override void Process()
        {
            var connection = Connection;
            if (OrganizationId == Guid.Empty && connection.OrganizationId is null)
            {
                WriteObject(Await((log, ct) => IdentityApi.GetUserAsync(connection, log, ct)));
                return;
            }
            var target = connection.TargetFor(OrganizationId != Guid.Empty ? OrganizationId : connection.OrganizationId!.Value);
            WriteObject(Await((log, ct) => IdentityApi.GetAsync(connection, target, log, ct)));
        }
    }
}
