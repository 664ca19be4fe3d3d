using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.InstallationKeys
{
    /// <summary>Creates an installation key (<c>POST /v1/installationkeys/{oid}</c>) and returns it.</summary>
    [Cmdlet(VerbsCommon.New, "LcInstallationKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(InstallationKey))]
    public sealed class NewLcInstallationKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Description { get; set; } = string.Empty;

        /// <summary>Tags every sensor enrolled with this key receives.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [ArgumentCompleter(typeof(TagCompleter))]
        [ValidateTag]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>Most sensors that may enroll with the key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, int.MaxValue)]
        public int Quota { get; set; }

        /// <summary>Sensors verify the LimaCharlie cloud with a public root CA instead of the pinned one (for TLS-inspecting networks).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter UsePublicRootCa { get; set; }

        /// <summary>Not bound from piped objects: those copied from another organization's session land in this one.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        protected override object? ErrorTarget => Description;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            int? quota = MyInvocation.BoundParameters.ContainsKey(nameof(Quota)) ? Quota : null;
            if (!ShouldProcess($"installation key '{Description}' in {oid}", "Create")) return;
            var iid = InOrganization(oid, (org, ct) => org.InstallationKeys.SetAsync(Description, Tag, UsePublicRootCa, quota, null, ct));
            WriteObject(InOrganization(oid, (org, ct) => org.InstallationKeys.GetAsync(iid, ct)));
        }
    }
}
