using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>
    /// Deletes organizations for good, through the API's two steps: a short-lived confirmation token
    /// (<c>GET /v1/orgs/{oid}/delete</c>), sent back with <c>DELETE</c>.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LcOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcOrganizationCommand : LcSessionCmdlet
    {
        /// <summary>Required even for the session's own organization, so that no deletion happens by default.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        [GuidList]
        public Guid[] OrganizationId { get; set; } = Array.Empty<Guid>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool ItemsAreOrganizations => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            var session = CurrentSession;
            RemoveEach(OrganizationId, Force,
                oid => session.KnownName(oid) is { } name ? $"organization '{name}' ({oid})" : $"organization {oid}",
                "Delete permanently, with its sensors, rules, outputs and data",
                async (oid, log, ct) =>
                {
                    await connection.Organization(oid, log).Admin.DeleteAsync(ct).ConfigureAwait(false);
                    session.Forget(oid);
                });
        }
    }
}
