using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.InstallationKeys
{
    /// <summary>Deletes installation keys (<c>DELETE /v1/installationkeys/{oid}</c>): sensors can no longer enroll with them.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcInstallationKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcInstallationKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("iid")]
        [ArgumentCompleter(typeof(InstallationKeyCompleter))]
        [GuidList]
        public Guid[] InstallationKeyId { get; set; } = Array.Empty<Guid>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            RemoveEach(InstallationKeyId, Force, iid => iid.ToString(), "Delete the installation key (sensors can no longer enroll with it)",
                (iid, log, ct) => connection.Organization(oid, log).InstallationKeys.DeleteAsync(iid, ct));
        }
    }
}
