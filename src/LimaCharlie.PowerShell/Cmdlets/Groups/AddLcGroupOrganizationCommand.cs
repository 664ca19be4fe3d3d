using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Adds organizations to a group: its members get the group's permissions there.</summary>
    [Cmdlet(VerbsCommon.Add, "LcGroupOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class AddLcGroupOrganizationCommand : LcGroupChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        [GuidList]
        public Guid[] OrganizationId { get; set; } = Array.Empty<Guid>();

        protected override object? ErrorTarget => GroupId;

        protected override bool ItemsAreOrganizations => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            var gid = GroupId;
            ChangeEach(OrganizationId, oid => $"Add organization {oid}", (oid, log, ct) => connection.Account(log).Groups.AddOrganizationAsync(gid, oid, ct));
        }
    }
}
