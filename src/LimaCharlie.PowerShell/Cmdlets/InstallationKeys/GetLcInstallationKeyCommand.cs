using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.InstallationKeys
{
    /// <summary>Gets the organization's installation keys (<c>GET /v1/installationkeys/{oid}</c>), or the ones named.</summary>
    [Cmdlet(VerbsCommon.Get, "LcInstallationKey")]
    [OutputType(typeof(InstallationKey))]
    public sealed class GetLcInstallationKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("iid")]
        [ArgumentCompleter(typeof(InstallationKeyCompleter))]
        [GuidList]
        public Guid[]? InstallationKeyId { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            if (InstallationKeyId is null || InstallationKeyId.Length == 0)
            {
                WriteObject(InOrganization(oid, (org, ct) => org.InstallationKeys.ListAsync(ct)), enumerateCollection: true);
                return;
            }
            foreach (var iid in InstallationKeyId)
                ForEachItem(iid, () => WriteObject(InOrganization(oid, (org, ct) => org.InstallationKeys.GetAsync(iid, ct))));
        }
    }
}
