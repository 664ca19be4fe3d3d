using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Creates a group owned by the user (<c>POST /v1/groups</c>) and returns it.</summary>
    [Cmdlet(VerbsCommon.New, "LcGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Group))]
    public sealed class NewLcGroupCommand : LcSessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        protected override object? ErrorTarget => Name;

        protected override void OnProcess()
        {
            var connection = Connection;
            connection.RequireUserTarget("New-LcGroup");
            if (!ShouldProcess($"group '{Name}'", "Create")) return;
            var name = Name;
            var gid = InAccount((account, ct) => account.Groups.CreateAsync(name, ct));
            Verbose($"Created group '{name}' ({gid}).");
            WriteObject(InAccount((account, ct) => account.Groups.GetAsync(gid, ct)));
        }
    }
}
