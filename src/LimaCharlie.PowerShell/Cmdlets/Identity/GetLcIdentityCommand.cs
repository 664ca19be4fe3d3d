using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Identity
{
    /// <summary>Who the session's key is and which permissions it holds in each organization (<c>GET /v1/who</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcIdentity")]
    [OutputType(typeof(LimaCharlie.Identity))]
    public sealed class GetLcIdentityCommand : LcOrganizationCmdlet
    {

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var connection = Connection;
            if (OrganizationId == Guid.Empty && connection.OrganizationId is null)
            {
                WriteObject(InAccount((account, ct) => account.Identity.GetUserAsync(ct)));
                return;
            }
            var target = connection.TargetFor(OrganizationId != Guid.Empty ? OrganizationId : connection.OrganizationId!.Value);
            WriteObject(InAccount((account, ct) => account.Identity.GetAsync(target, ct)));
        }
    }
}
